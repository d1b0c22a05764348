"use client";

import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { restKeys } from "@/lib/analytics/keys";

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

/**
 * A change on the settings page: runs it, shows its error (the API's message) or, once done,
 * refreshes the REST read at `refreshes` (the list the change concerns).
 */
export function useChange(project: string, refreshes: string | null) {
  const client = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const act = async (run: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await run();
      if (refreshes) await client.invalidateQueries({ queryKey: restKeys.get(project, refreshes, {}) });
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return { problem, act };
}
