"use client";

import type { Segment } from "@/lib/analytics/deploy-impact/analyze";
import { PAIR_DIMENSION, splitPair } from "@/lib/analytics/deploy-impact/params";
import type { DeployImpactChange } from "@/lib/analytics/deploy-impact/result";

/**
 * Root cause: the dimensions whose values explain a change, most surprising first, each value
 * with its expected and observed volume and its share of the missing or extra volume. A row
 * opens the persons of that segment.
 */
export function SegmentBreakdown({
  change,
  onPick,
}: {
  change: DeployImpactChange;
  onPick: (segment: Segment) => void;
}) {
  const explanation = change.explanation;
  if (change.replaces?.length && change.segment) {
    const { os, version } = splitPair(change.segment.value);
    const replaced = change.replaces.map((v) => splitPair(v).version).join(", ");
    return (
      <div className="flex flex-col gap-2 text-sm text-slate-700" data-testid="release-cause">
        <p className="font-medium text-slate-800">
          The release itself: on {os}, version {version} did {change.event}{" "}
          {Math.round(change.observed).toLocaleString("en")} times in the window, where {replaced} — the version it
          replaces — would have done about {Math.round(change.expected).toLocaleString("en")} with the same traffic.
        </p>
        <p className="text-xs text-slate-500">
          A new version has no weeks of its own to compare with: its share of its own traffic is judged against the
          share the version it replaced had in the same hours of the weeks before (docs/deploy-impact.md).
        </p>
        <button
          type="button"
          className="self-start text-xs text-indigo-700 hover:underline"
          onClick={() => onPick({ dimension: "os×app_version", value: change.segment?.value ?? null })}
          data-testid="segment-row"
        >
          Who on {os} {version}? →
        </button>
      </div>
    );
  }
  if (!explanation) {
    return (
      <p className="text-xs text-slate-500">
        No breakdown for this change (conversions and single segments are not broken down further).
      </p>
    );
  }
  if (explanation.global) {
    return (
      <p className="text-xs text-slate-600">
        Every segment moved alike: this is not pinned on one (a holiday, traffic, or missing data).
      </p>
    );
  }
  const groups = [
    ...explanation.dimensions.map((d) => ({
      dimension: d.dimension,
      values: d.values,
      note: `surprise ${d.surprise.toFixed(3)}, explains ${Math.round(d.explanatoryPower * 100)} %`,
    })),
    ...(explanation.combination
      ? [
          {
            dimension: PAIR_DIMENSION,
            values: explanation.combination.values,
            note: "combination",
          },
        ]
      : []),
  ];
  if (groups.length === 0) {
    return (
      <p className="text-xs text-slate-500">
        No dimension explains this change on its own: it is spread over many segments.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3" data-testid="segment-breakdown">
      {explanation.summary && <p className="text-sm font-medium text-slate-800">{explanation.summary}</p>}
      {groups.map((g) => (
        <div key={g.dimension}>
          <h4 className="text-xs font-semibold text-slate-600">
            {g.dimension} <span className="font-normal text-slate-400">· {g.note}</span>
          </h4>
          <table className="mt-1 w-full text-xs">
            <tbody>
              {g.values.map((v) => (
                <tr
                  key={String(v.value)}
                  className="cursor-pointer border-t border-slate-100 hover:bg-indigo-50/50"
                  onClick={() =>
                    onPick({ dimension: g.dimension.includes("×") ? PAIR_DIMENSION : g.dimension, value: v.value })
                  }
                  data-testid="segment-row"
                >
                  <td className="py-1 pr-3 font-mono">{v.value ?? "(none)"}</td>
                  <td className="py-1 pr-3 text-right tabular-nums text-slate-500">
                    expected {Math.round(v.expected).toLocaleString("en")}
                  </td>
                  <td className="py-1 pr-3 text-right tabular-nums">
                    observed {Math.round(v.observed).toLocaleString("en")}
                  </td>
                  <td className="w-40 py-1">
                    <div className="flex items-center gap-2">
                      <div className="h-2 flex-1 rounded bg-slate-100">
                        <div
                          className="h-2 rounded bg-red-400"
                          style={{ width: `${Math.min(100, Math.max(0, v.share * 100))}%` }}
                        />
                      </div>
                      <span className="w-10 text-right tabular-nums">{Math.round(v.share * 100)} %</span>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
