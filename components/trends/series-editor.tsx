"use client";

import { useId } from "react";
import { FilterRow } from "@/components/analytics/filter-row";
import { SERIES_COLORS } from "@/components/charts/palette";
import { seriesLetter } from "@/lib/analytics/trend/formula";
import type { TrendMeasure } from "@/lib/analytics/trend/params";
import type { SeriesDraft } from "./trend-queries";

const MEASURES: { value: TrendMeasure; label: string }[] = [
  { value: "count", label: "events" },
  { value: "persons", label: "unique persons" },
  { value: "per_person", label: "events per person" },
];

type Props = {
  project: string;
  series: SeriesDraft[];
  formula: string | null;
  /** The catalog's event names, to pick from. */
  events: string[];
  range: { from: string; to: string };
  onChange: (series: SeriesDraft[]) => void;
  onFormula: (formula: string | null) => void;
};

/** The series of a trend, A, B, C…: an event (or any event), what to measure, filters; and a formula between them. */
export function SeriesEditor({ project, series, formula, events, range, onChange, onFormula }: Props) {
  const id = useId();
  const update = (i: number, next: SeriesDraft) => onChange(series.map((s, k) => (k === i ? next : s)));
  return (
    <div className="flex flex-col gap-2" data-testid="series-editor">
      <datalist id={`${id}-events`}>
        {events.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {series.map((s, i) => (
        <div key={`${i}-${s.event}`} className="rounded-md border border-slate-200 bg-white p-2" data-testid="series">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span
              className="grid h-5 w-5 place-items-center rounded text-[11px] font-bold text-white"
              style={{ background: SERIES_COLORS[i % (SERIES_COLORS.length - 1)] }}
            >
              {seriesLetter(i)}
            </span>
            <input
              aria-label={`Series ${seriesLetter(i)} event`}
              list={`${id}-events`}
              defaultValue={s.event === "$any" ? "" : s.event}
              placeholder="any event"
              onBlur={(e) => {
                const event = e.target.value.trim() || "$any";
                if (event !== s.event) update(i, { ...s, event });
              }}
              onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
              className="w-48 rounded border border-slate-200 px-2 py-1 font-mono text-[13px]"
            />
            <select
              aria-label={`Series ${seriesLetter(i)} measure`}
              value={s.measure}
              onChange={(e) => update(i, { ...s, measure: e.target.value as TrendMeasure })}
              className="rounded border border-slate-200 bg-white px-1.5 py-1 text-xs"
            >
              {MEASURES.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="text-xs text-indigo-700 hover:underline"
              onClick={() => update(i, { ...s, where: [...s.where, { property: "", op: "eq", value: "" }] })}
            >
              + filter
            </button>
            {series.length > 1 && (
              <button
                type="button"
                aria-label={`Remove series ${seriesLetter(i)}`}
                className="ml-auto text-xs text-slate-400 hover:text-red-600"
                onClick={() => onChange(series.filter((_, k) => k !== i))}
              >
                ✕
              </button>
            )}
          </div>
          {s.where.map((filter, f) => (
            <div key={`${f}-${filter.property}`} className="mt-1 pl-7">
              <FilterRow
                project={project}
                event={s.event === "$any" ? undefined : s.event}
                filter={filter}
                range={range}
                onChange={(next) => update(i, { ...s, where: s.where.map((x, k) => (k === f ? next : x)) })}
                onRemove={() => update(i, { ...s, where: s.where.filter((_, k) => k !== f) })}
              />
            </div>
          ))}
        </div>
      ))}
      <div className="flex flex-wrap items-center gap-3 text-xs">
        {series.length < 10 && (
          <button
            type="button"
            className="rounded border border-dashed border-slate-300 px-2 py-1 text-indigo-700 hover:border-indigo-400"
            onClick={() => onChange([...series, { event: "$any", measure: "count", where: [] }])}
          >
            + Add series
          </button>
        )}
        <label className="flex items-center gap-1 text-slate-600">
          Formula
          <input
            aria-label="Formula"
            defaultValue={formula ?? ""}
            key={formula ?? ""}
            placeholder={series.length > 1 ? "e.g. B / A" : "add a series to combine"}
            onBlur={(e) => {
              const next = e.target.value.trim() || null;
              if (next !== formula) onFormula(next);
            }}
            onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
            className="w-40 rounded border border-slate-200 px-2 py-1 font-mono text-[13px]"
          />
        </label>
      </div>
    </div>
  );
}
