"use client";

import { useId } from "react";
import type { ExclusionDraft } from "./funnel-queries";

type Props = {
  exclusions: ExclusionDraft[];
  /** The steps' labels, in order ("" while a step has no event yet). */
  steps: string[];
  /** Which steps are optional (an exclusion names required steps only). */
  optional: boolean[];
  /** The catalog's event names: suggestions for the event field. */
  events: string[];
  order: "ordered" | "strict" | "any";
  onChange: (next: ExclusionDraft[]) => void;
};

/**
 * "No <event> between step a and step b": an attempt with it there counts nowhere (docs/funnels.md).
 * Any order has no "between": the exclusions stay in the URL, set aside, until the order is back.
 */
export function ExclusionsEditor({ exclusions, steps, optional, events, order, onChange }: Props) {
  const eventsListId = `${useId()}-events`;
  const required = steps.map((_, i) => i + 1).filter((n) => !optional[n - 1]);
  const update = (i: number, next: ExclusionDraft) => onChange(exclusions.map((x, k) => (k === i ? next : x)));
  const disabled = order === "any";
  const select = "rounded border border-slate-200 px-1 py-1 text-xs disabled:opacity-50";
  return (
    <div className="flex flex-col gap-2 border-t border-slate-100 pt-3" data-testid="exclusions">
      <datalist id={eventsListId}>
        {events.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className="flex items-center justify-between text-xs font-medium uppercase tracking-wide text-slate-500">
        Exclusions
        {disabled && exclusions.length > 0 && (
          <span className="normal-case tracking-normal text-amber-700">not used in any order</span>
        )}
      </div>
      {exclusions.map((exclusion, i) => {
        const [a, b] = exclusion.between;
        return (
          <div
            key={`${i}-${exclusion.event}`}
            className="flex flex-wrap items-center gap-1 text-sm"
            data-testid="exclusion"
          >
            <span className="text-xs text-slate-500">no</span>
            <input
              aria-label={`Exclusion ${i + 1} event`}
              list={eventsListId}
              defaultValue={exclusion.event}
              placeholder="event"
              disabled={disabled}
              onBlur={(e) => {
                const event = e.target.value.trim();
                if (event !== exclusion.event) update(i, { ...exclusion, event });
              }}
              onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
              className="w-36 rounded border border-slate-200 px-2 py-1 font-mono text-[13px] disabled:opacity-50"
            />
            <span className="text-xs text-slate-500">between step</span>
            <select
              aria-label={`Exclusion ${i + 1} from step`}
              className={select}
              value={a}
              disabled={disabled}
              onChange={(e) => {
                const from = Number(e.target.value);
                update(i, { ...exclusion, between: [from, Math.max(b, required.find((n) => n > from) ?? from + 1)] });
              }}
            >
              {required.slice(0, -1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <span className="text-xs text-slate-500">and</span>
            <select
              aria-label={`Exclusion ${i + 1} to step`}
              className={select}
              value={b}
              disabled={disabled}
              onChange={(e) => update(i, { ...exclusion, between: [a, Number(e.target.value)] })}
            >
              {required
                .filter((n) => n > a)
                .map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
            </select>
            <button
              type="button"
              aria-label={`Remove exclusion ${i + 1}`}
              onClick={() => onChange(exclusions.filter((_, k) => k !== i))}
              className="ml-auto px-1 text-slate-400 hover:text-red-600"
            >
              ✕
            </button>
          </div>
        );
      })}
      {exclusions.length < 5 && required.length >= 2 && (
        <button
          type="button"
          disabled={disabled}
          title={disabled ? "Exclusions need the ordered or strict order" : undefined}
          className="self-start text-xs text-indigo-700 hover:underline disabled:text-slate-400 disabled:no-underline"
          onClick={() =>
            onChange([
              ...exclusions,
              { event: "", between: [required[0] ?? 1, required[required.length - 1] ?? steps.length] },
            ])
          }
        >
          + Add exclusion
        </button>
      )}
    </div>
  );
}
