import { breakdownLabel, formatInteger, formatPercent } from "@/components/ui/format";
import type { FunnelResult } from "@/lib/analytics/funnel/result";

/** The breakdown as numbers: a row per value, entered and each step's conversion; a click names who. */
export function BreakdownTable({
  result,
  onPick,
}: {
  result: FunnelResult;
  onPick: (step: number, status: "converted" | "dropped", value: string | null) => void;
}) {
  const values = result.breakdown?.values ?? [];
  return (
    <table className="mt-3 w-full text-xs" data-testid="breakdown-table">
      <thead>
        <tr className="text-left uppercase tracking-wide text-slate-500">
          <th className="pb-2 font-medium">{result.breakdown?.property}</th>
          {result.steps.map((s, i) => (
            <th key={`${i}-${s.event}`} className="pb-2 text-right font-medium">
              {i + 1}. {s.event}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {values.map((v) => (
          <tr key={v.other ? "$other" : (v.value ?? "$none")} className="border-t border-slate-100">
            <td className="py-1.5 font-mono">{breakdownLabel(v)}</td>
            {v.steps.map((s, i) => (
              <td key={`${i}-${s.event}`} className="py-1.5 text-right tabular-nums">
                <button
                  type="button"
                  className="hover:text-indigo-700 hover:underline"
                  onClick={() => onPick(i + 1, "converted", v.other ? "$other" : v.value)}
                  title="Who reached it"
                >
                  {formatInteger(s.count)}
                </button>
                {i > 0 && <span className="ml-1 text-slate-400">{formatPercent(s.conversionFromStart)}</span>}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
