"use client";

/** The breakdown property field of every analysis: applied on Enter or when it loses focus. */
export function BreakdownInput({ value, onChange }: { value: string | null; onChange: (next: string | null) => void }) {
  return (
    <input
      aria-label="Breakdown"
      placeholder="breakdown (os, person.plan…)"
      defaultValue={value ?? ""}
      key={value ?? ""}
      onBlur={(e) => {
        const next = e.target.value.trim() || null;
        if (next !== value) onChange(next);
      }}
      onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
      className="w-44 rounded border border-slate-200 bg-white px-2 py-1 font-mono"
    />
  );
}
