"use client";

import { formatInstant } from "@/components/ui/format";
import { seriesIndexOf } from "@/lib/analytics/trend/formula";
import type { TrendResult } from "@/lib/analytics/trend/result";
import { formatTrendValue, seriesLabel } from "./trend-labels";
import type { Point } from "./trend-queries";

/**
 * The trend's numbers: a row per series (and breakdown group) and the formula, a column per
 * bucket, newest first, with the total (events) and the previous period's total beside it.
 * A series' cell opens the persons behind it.
 */
export function TrendTable({ result, onPick }: { result: TrendResult; onPick: (point: Point) => void }) {
  const { timeZone } = result.meta;
  const withTime = result.interval === "hour";
  const buckets = (result.series[0]?.points ?? []).map((p) => p.t).reverse();
  const keyOf = (key: string, value?: string | null) => `${key}\u0000${value === undefined ? "" : String(value)}`;
  const compareTotal = new Map((result.compare?.series ?? []).map((s) => [keyOf(s.key, s.breakdownValue), s.total]));
  return (
    <div className="overflow-x-auto" data-testid="trend-table">
      <table className="w-full text-xs">
        <thead>
          <tr className="text-left uppercase tracking-wide text-slate-500">
            <th className="sticky left-0 bg-white pb-2 pr-4 font-medium">Series</th>
            <th className="pb-2 pr-3 text-right font-medium">Total</th>
            {result.compare && <th className="pb-2 pr-3 text-right font-medium">Before</th>}
            {buckets.map((t) => (
              <th key={t} className="whitespace-nowrap pb-2 pr-3 text-right font-medium">
                {formatInstant(t, timeZone, withTime)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.series.map((s) => {
            const byT = new Map(s.points.map((p) => [p.t, p.value]));
            const seriesIndex = seriesIndexOf(s.key);
            return (
              <tr key={keyOf(s.key, s.breakdownValue)} className="border-t border-slate-100">
                <td className="sticky left-0 whitespace-nowrap bg-white py-1.5 pr-4 font-medium text-slate-700">
                  {seriesLabel(s)}
                </td>
                <td className="py-1.5 pr-3 text-right tabular-nums">{formatTrendValue(s.total)}</td>
                {result.compare && (
                  <td className="py-1.5 pr-3 text-right tabular-nums text-slate-500">
                    {formatTrendValue(compareTotal.get(keyOf(s.key, s.breakdownValue)))}
                  </td>
                )}
                {buckets.map((t) => (
                  <td key={t} className="py-1 pr-1 text-right tabular-nums">
                    <button
                      type="button"
                      className="rounded px-1.5 py-0.5 hover:bg-indigo-50 hover:text-indigo-700"
                      data-testid="trend-cell"
                      onClick={() =>
                        onPick({
                          seriesIndex,
                          bucket: t,
                          ...(s.breakdownValue === undefined ? {} : { value: s.breakdownValue }),
                        })
                      }
                    >
                      {formatTrendValue(byT.get(t))}
                    </button>
                  </td>
                ))}
              </tr>
            );
          })}
          {result.formula?.series.map((f) => {
            const byT = new Map(f.points.map((p) => [p.t, p.value]));
            return (
              <tr key={`formula-${String(f.breakdownValue)}`} className="border-t border-slate-100 text-slate-600">
                <td className="sticky left-0 whitespace-nowrap bg-white py-1.5 pr-4 font-mono">
                  = {result.formula?.expression}
                  {f.breakdownValue === undefined ? "" : ` · ${f.breakdownValue ?? "(none)"}`}
                </td>
                <td className="py-1.5 pr-3 text-right">—</td>
                {result.compare && <td />}
                {buckets.map((t) => (
                  <td key={t} className="py-1.5 pr-3 text-right tabular-nums">
                    {formatTrendValue(byT.get(t))}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
