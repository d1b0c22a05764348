import type { ReactNode } from "react";

/** The frame of the pages one sees signed out: sign-in, reset, invitation. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-6">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <div className="mb-5 flex items-center gap-2">
          <span
            aria-hidden
            className="grid h-7 w-7 place-items-center rounded-full bg-indigo-500 text-sm font-bold text-white"
          >
            L
          </span>
          <h1 className="text-base font-semibold tracking-tight text-slate-900">{title}</h1>
        </div>
        {children}
      </div>
    </main>
  );
}

export function Field({
  label,
  name,
  type = "text",
  autoComplete,
  defaultValue,
  readOnly,
}: {
  label: string;
  name: string;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  readOnly?: boolean;
}) {
  return (
    <label className="flex flex-col gap-1 text-sm text-slate-700">
      {label}
      <input
        name={name}
        type={type}
        required
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        readOnly={readOnly}
        className="rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none read-only:bg-slate-50"
      />
    </label>
  );
}

export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={busy}
      className="mt-2 rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
    >
      {busy ? "Please wait…" : children}
    </button>
  );
}

/** POSTs JSON to a Loupe endpoint; the API's error message, or null when it went through. */
export async function postJson(url: string, body: unknown): Promise<{ error: string | null; data: unknown }> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => null);
    if (response.ok) return { error: null, data };
    const message = (data as { error?: { message?: string }; message?: string } | null)?.error?.message;
    if (response.status === 429) {
      const wait = Number(response.headers.get("retry-after") ?? 0);
      return { error: `Too many failed attempts: try again in ${Math.ceil(wait / 60)} min.`, data };
    }
    return { error: message ?? (data as { message?: string } | null)?.message ?? `Failed (${response.status}).`, data };
  } catch {
    return { error: "The server could not be reached.", data: null };
  }
}
