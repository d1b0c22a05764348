"use client";

import type { DeployImpactChange } from "@/lib/analytics/deploy-impact/result";

const fmt = (change: DeployImpactChange, value: number) =>
  change.metric === "conversion" ? `${(value * 100).toFixed(1)} %` : Math.round(value).toLocaleString("en");
const pct = (change: number | null) =>
  change === null ? "new" : `${change > 0 ? "+" : "−"}${Math.abs(Math.round(change * 100))} %`;

/** A deploy's changes, most significant first: what, where, expected vs observed, how sure. */
export function ChangesTable({
  changes,
  picked,
  onPick,
}: {
  changes: DeployImpactChange[];
  picked: number | null;
  onPick: (index: number) => void;
}) {
  return (
    <table className="w-full text-sm" data-testid="changes-table">
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
          <th className="pb-2 font-medium">Change</th>
          <th className="pb-2 text-right font-medium">Expected</th>
          <th className="pb-2 text-right font-medium">Observed</th>
          <th className="pb-2 text-right font-medium">Change</th>
          <th className="pb-2 text-right font-medium">Confidence</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c, i) => (
          <tr
            key={`${c.event}-${c.segment?.dimension}-${c.segment?.value}`}
            className={`cursor-pointer border-t border-slate-100 align-top hover:bg-indigo-50/50 ${picked === i ? "bg-indigo-50" : ""} ${c.global ? "text-slate-400" : ""}`}
            onClick={() => onPick(i)}
            data-testid="change-row"
          >
            <td className="py-2 pr-4">
              <div className="font-medium">
                <span className={c.direction === "drop" ? "text-red-600" : "text-emerald-700"}>
                  {c.direction === "drop" ? "▼" : "▲"}
                </span>{" "}
                {c.metric === "conversion" ? `conversion ${c.event}` : c.event}
                {c.segment && (
                  <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-600">
                    {c.segment.dimension}={c.segment.value ?? "(none)"}
                  </span>
                )}
                {c.global && <span className="ml-2 text-[11px] font-normal">moves with all traffic</span>}
              </div>
              <div className="text-xs text-slate-500">{c.headline}</div>
            </td>
            <td className="py-2 pr-3 text-right tabular-nums">{fmt(c, c.expected)}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{fmt(c, c.observed)}</td>
            <td
              className={`py-2 pr-3 text-right font-semibold tabular-nums ${c.direction === "drop" ? "text-red-600" : "text-emerald-700"}`}
            >
              {pct(c.change)}
            </td>
            <td className="py-2 text-right tabular-nums" title={`p = ${c.pValue.toExponential(1)}`}>
              {c.confidence >= 0.9999 ? "> 99.99 %" : `${(c.confidence * 100).toFixed(2)} %`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
