"use client";

import { useAnalyticsQuery } from "@/components/analytics/use-analytics-query";
import type { DeployImpactResult } from "@/lib/analytics/deploy-impact/result";
import { ImpactBadge } from "./impact-badge";

/** A deploys-list row's impact: its badge and its first change, from the deploy's own `deploy_impact`. */
export function DeployImpactCells({ project, deployId }: { project: string; deployId: number }) {
  const impact = useAnalyticsQuery<DeployImpactResult>(project, {
    kind: "deploy_impact",
    deploy: deployId,
    window: "24h",
  } as {
    kind: string;
  });
  const data = impact.data;
  const real = data?.changes.filter((c) => !c.global) ?? [];
  return (
    <>
      <td className="py-2 pr-4">
        {data ? (
          <ImpactBadge badge={data.badge} />
        ) : impact.isError ? (
          <span className="text-xs text-red-600">failed</span>
        ) : (
          <span className="inline-block h-4 w-16 animate-pulse rounded-full bg-slate-100" role="status">
            <span className="sr-only">Judging the deploy</span>
          </span>
        )}
      </td>
      <td className="py-2 text-xs text-slate-700">
        {real[0]?.headline ?? <span className="text-slate-400">{data ? "—" : ""}</span>}
        {real.length > 1 && <span className="text-slate-400"> (+{real.length - 1} more)</span>}
        {data && data.followedBy.length > 0 && (
          <div className="text-amber-700">
            followed by {data.followedBy.length} other deploy{data.followedBy.length > 1 ? "s" : ""} within the window
          </div>
        )}
      </td>
    </>
  );
}
