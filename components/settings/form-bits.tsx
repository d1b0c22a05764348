"use client";

import type { ReactNode } from "react";

export const inputClass =
  "rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none";
export const buttonClass =
  "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60";
export const quietButtonClass = "rounded border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50";

export function Label({ text, children }: { text: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child every caller passes
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      {text}
      {children}
    </label>
  );
}

/** A secret shown once (a key, a link): selectable, with what to do with it. */
export function ShownOnce({ label, value }: { label: string; value: string }) {
  return (
    <div role="status" className="mt-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
      <p className="mb-1 font-medium text-amber-900">{label}</p>
      <code data-testid="shown-once" className="block break-all select-all text-xs text-slate-800">
        {value}
      </code>
    </div>
  );
}

export function Problem({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="mt-2 text-sm text-red-700">
      {message}
    </p>
  );
}
