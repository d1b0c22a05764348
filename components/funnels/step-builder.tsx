"use client";

import { useId, useState } from "react";
import { FilterRow } from "@/components/analytics/filter-row";
import type { StepDraft } from "./funnel-queries";

type Props = {
  project: string;
  steps: StepDraft[];
  /** The catalog's event names, to pick from. */
  events: string[];
  range: { from: string; to: string };
  /** Optional steps are the ordered order's only. */
  order: "ordered" | "strict" | "any";
  onChange: (steps: StepDraft[]) => void;
};

const move = <T,>(list: T[], from: number, to: number) => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
};

/**
 * The steps of a funnel: an event each (picked from the catalog), or several (an OR-step), each
 * with filters; optional between the first and last; reordered by dragging or with the arrows.
 */
export function StepBuilder({ project, steps, events, range, order, onChange }: Props) {
  const id = useId();
  const [dragged, setDragged] = useState<number | null>(null);
  const update = (i: number, step: StepDraft) => onChange(steps.map((s, k) => (k === i ? step : s)));
  return (
    <div className="flex flex-col gap-2" data-testid="step-builder">
      <datalist id={`${id}-events`}>
        {events.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <ol className="flex flex-col gap-2">
        {steps.map((step, i) => (
          <li
            key={`${i}-${step.events.map((e) => e.event).join("|")}`}
            className={`rounded-md border bg-white p-2 ${dragged === i ? "border-indigo-400 opacity-60" : "border-slate-200"}`}
            draggable
            onDragStart={() => setDragged(i)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => {
              if (dragged !== null && dragged !== i) onChange(move(steps, dragged, i));
              setDragged(null);
            }}
            data-testid="step"
          >
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="cursor-grab select-none text-slate-400" title="Drag to reorder" aria-hidden>
                ⋮⋮
              </span>
              <span className="w-5 font-semibold text-slate-500">{i + 1}</span>
              {step.events.map((alt, a) => (
                <span key={`${a}-${alt.event}`} className="flex items-center gap-1">
                  {a > 0 && <span className="text-xs text-slate-400">or</span>}
                  <input
                    aria-label={`Step ${i + 1} event${a > 0 ? ` ${a + 1}` : ""}`}
                    list={`${id}-events`}
                    defaultValue={alt.event}
                    placeholder="event"
                    onBlur={(e) => {
                      const event = e.target.value.trim();
                      if (event !== alt.event)
                        update(i, { ...step, events: step.events.map((x, k) => (k === a ? { ...x, event } : x)) });
                    }}
                    onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
                    className="w-44 rounded border border-slate-200 px-2 py-1 font-mono text-[13px]"
                  />
                  {step.events.length > 1 && (
                    <button
                      type="button"
                      aria-label="Remove this event"
                      className="text-xs text-slate-400 hover:text-red-600"
                      onClick={() => update(i, { ...step, events: step.events.filter((_, k) => k !== a) })}
                    >
                      ✕
                    </button>
                  )}
                </span>
              ))}
              <button
                type="button"
                className="text-xs text-indigo-700 hover:underline"
                onClick={() => update(i, { ...step, events: [...step.events, { event: "", where: [] }] })}
              >
                + or
              </button>
              <button
                type="button"
                className="text-xs text-indigo-700 hover:underline"
                onClick={() =>
                  update(i, {
                    ...step,
                    events: step.events.map((x, k) =>
                      k === 0 ? { ...x, where: [...x.where, { property: "", op: "eq", value: "" }] } : x,
                    ),
                  })
                }
              >
                + filter
              </button>
              {i > 0 && i < steps.length - 1 && (
                <label
                  className={`flex items-center gap-1 text-xs ${order === "ordered" ? "text-slate-600" : "text-slate-400"}`}
                  title={order === "ordered" ? undefined : "Optional steps need the ordered order"}
                >
                  <input
                    type="checkbox"
                    checked={step.optional}
                    disabled={order !== "ordered"}
                    onChange={(e) => update(i, { ...step, optional: e.target.checked })}
                  />
                  optional
                </label>
              )}
              <span className="ml-auto flex items-center gap-1 text-xs">
                <button
                  type="button"
                  aria-label={`Move step ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => onChange(move(steps, i, i - 1))}
                  className="px-1 text-slate-500 disabled:opacity-30"
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Move step ${i + 1} down`}
                  disabled={i === steps.length - 1}
                  onClick={() => onChange(move(steps, i, i + 1))}
                  className="px-1 text-slate-500 disabled:opacity-30"
                >
                  ↓
                </button>
                <button
                  type="button"
                  aria-label={`Remove step ${i + 1}`}
                  onClick={() => onChange(steps.filter((_, k) => k !== i))}
                  className="px-1 text-slate-400 hover:text-red-600"
                >
                  ✕
                </button>
              </span>
            </div>
            {step.events.map((alt, a) =>
              alt.where.map((filter, f) => (
                <div key={`${a}-${f}-${filter.property}`} className="ml-12 mt-1">
                  <FilterRow
                    project={project}
                    event={alt.event}
                    filter={filter}
                    range={range}
                    onChange={(next) =>
                      update(i, {
                        ...step,
                        events: step.events.map((x, k) =>
                          k === a ? { ...x, where: x.where.map((w, n) => (n === f ? next : w)) } : x,
                        ),
                      })
                    }
                    onRemove={() =>
                      update(i, {
                        ...step,
                        events: step.events.map((x, k) =>
                          k === a ? { ...x, where: x.where.filter((_, n) => n !== f) } : x,
                        ),
                      })
                    }
                  />
                </div>
              )),
            )}
          </li>
        ))}
      </ol>
      {steps.length < 20 && (
        <button
          type="button"
          className="self-start rounded border border-dashed border-slate-300 px-3 py-1 text-sm text-slate-600 hover:border-indigo-400 hover:text-indigo-700"
          onClick={() => onChange([...steps, { events: [{ event: "", where: [] }], optional: false }])}
        >
          + Add step
        </button>
      )}
    </div>
  );
}
