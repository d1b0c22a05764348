import { formatInteger } from "@/components/ui/format";
import type { ReasonClass } from "@/lib/analytics/data-quality/reasons";
import type { DataQualityResult } from "@/lib/analytics/data-quality/result";

const BADGES: Record<ReasonClass, string> = {
  rejected: "bg-red-50 text-red-700 ring-red-200",
  altered: "bg-amber-50 text-amber-800 ring-amber-200",
  duplicate: "bg-slate-100 text-slate-700 ring-slate-200",
};

export function ClassBadge({ classification }: { classification: ReasonClass }) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${BADGES[classification]}`}>
      {classification}
    </span>
  );
}

/** Why events were refused or changed: each reason with its class and what it means, and by event. */
export function ReasonsTable({ issues }: { issues: DataQualityResult["issues"] }) {
  return (
    <div className="flex flex-col gap-3">
      <table className="w-full text-sm" data-testid="reasons-table">
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
            <th className="pb-2 font-medium">Reason</th>
            <th className="pb-2 font-medium">Class</th>
            <th className="pb-2 font-medium">What it means</th>
            <th className="pb-2 text-right font-medium">Count</th>
          </tr>
        </thead>
        <tbody>
          {issues.reasons.map((r) => (
            <tr key={r.reason} className="border-t border-slate-100 align-top" data-testid="reason-row">
              <td className="py-2 pr-3 font-mono text-[13px]">{r.reason}</td>
              <td className="py-2 pr-3">
                <ClassBadge classification={r.classification} />
              </td>
              <td className="py-2 pr-3 text-slate-600">{r.explanation}</td>
              <td className="py-2 text-right tabular-nums">{formatInteger(r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="text-sm">
        <summary className="cursor-pointer text-xs text-slate-500">By event name</summary>
        <table className="mt-2 w-full" data-testid="reasons-by-event">
          <tbody>
            {issues.byEvent.map((r) => (
              <tr key={`${r.event}\u0000${r.reason}`} className="border-t border-slate-100">
                <td className="py-1.5 pr-3 font-mono text-[13px]">
                  {r.event || <span className="text-slate-400">(no usable name)</span>}
                </td>
                <td className="py-1.5 pr-3 font-mono text-[13px] text-slate-600">{r.reason}</td>
                <td className="py-1.5 text-right tabular-nums">{formatInteger(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {issues.byEventTruncated && (
          <p className="mt-1 text-xs text-slate-500">The largest {issues.byEvent.length} are shown.</p>
        )}
      </details>
    </div>
  );
}
