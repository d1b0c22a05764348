"use client";

type Props<T extends string> = {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
};

/** A small set of mutually exclusive choices (range, interval…), keyboard accessible. */
export function Segmented<T extends string>({ label, value, options, onChange }: Props<T>) {
  return (
    <div
      role="radiogroup"
      aria-label={label}
      className="inline-flex rounded-md border border-slate-200 bg-white p-0.5 text-xs"
    >
      {options.map((option) => (
        // biome-ignore lint/a11y/useSemanticElements: a segmented control styled as buttons, with radio semantics.
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          onClick={() => onChange(option.value)}
          className={`rounded px-2.5 py-1 font-medium transition-colors ${
            option.value === value ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100"
          }`}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
