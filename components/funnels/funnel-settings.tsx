"use client";

import { BreakdownInput } from "@/components/analytics/breakdown-input";
import { Segmented } from "@/components/ui/segmented";
import { funnelOrders, funnelRanges, funnelWindows } from "./search-params";

type State = {
  range: (typeof funnelRanges)[number];
  window: string;
  order: (typeof funnelOrders)[number];
  unit: "persons" | "accounts";
  interval: "day" | "week";
  breakdown: string | null;
};

const options = <T extends string>(values: readonly T[], labels: Partial<Record<T, string>> = {}) =>
  values.map((value) => ({ value, label: labels[value] ?? value }));

/** Range of entries, conversion window, order, unit, breakdown and the over-time interval. */
export function FunnelSettings({ state, onChange }: { state: State; onChange: (change: Partial<State>) => void }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      <Segmented
        label="Entries in"
        value={state.range}
        options={options(funnelRanges)}
        onChange={(range) => onChange({ range })}
      />
      <label className="flex items-center gap-1 text-slate-600">
        within
        <select
          aria-label="Conversion window"
          value={state.window}
          onChange={(e) => onChange({ window: e.target.value })}
          className="rounded border border-slate-200 bg-white px-1.5 py-1"
        >
          {[...new Set([...funnelWindows, state.window])].map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </select>
      </label>
      <Segmented
        label="Order"
        value={state.order}
        options={options(funnelOrders, { any: "any order" })}
        onChange={(order) => onChange({ order })}
      />
      <Segmented
        label="Count"
        value={state.unit}
        options={options(["persons", "accounts"] as const)}
        onChange={(unit) => onChange({ unit })}
      />
      <BreakdownInput value={state.breakdown} onChange={(breakdown) => onChange({ breakdown })} />
      <Segmented
        label="Over time by"
        value={state.interval}
        options={options(["day", "week"] as const)}
        onChange={(interval) => onChange({ interval })}
      />
    </div>
  );
}
