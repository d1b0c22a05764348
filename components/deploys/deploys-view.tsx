"use client";

import Link from "next/link";
import { useAnalyticsQuery } from "@/components/analytics/use-analytics-query";
import { Card } from "@/components/ui/card";
import { formatInstant } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { DeploysResult } from "@/lib/analytics/deploy-impact/get-deploys";
import { DeployImpactCells } from "./deploy-impact-cells";

/** The deploys of the last 90 days, newest first, each with its impact badge and its main change. */
export function DeploysView({ project, timeZone }: { project: string; timeZone: string }) {
  // The list at once; each row then asks its own deploy's impact (the same as its page shows).
  const result = useAnalyticsQuery<DeploysResult>(project, { kind: "deploys", badges: false } as { kind: string });
  const deploys = result.data?.deploys ?? [];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center justify-between">
        <h1 className="text-lg font-semibold">Deploys</h1>
        <p className="text-xs text-slate-500">
          Each deploy's first 24 hours against the same hours of the 4 weeks before.{" "}
          <Link href={`/projects/${project}/data-quality`} className="text-indigo-700 hover:underline">
            Is the data complete?
          </Link>
        </p>
      </div>
      <Card title="Last 90 days">
        {result.isPending ? (
          <LoadingBlock height={240} label="Loading deploys" />
        ) : result.isError ? (
          <ErrorState message={result.error.message} onRetry={() => result.refetch()} />
        ) : deploys.length === 0 ? (
          <EmptyState title="No deploys yet">
            Record one from CI: <code>curl -X POST …/api/v1/deploys</code> with a secret key (docs/api.md#deploys).
          </EmptyState>
        ) : (
          <table className="w-full text-sm" data-testid="deploys-table">
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="pb-2 font-medium">When</th>
                <th className="pb-2 font-medium">Deploy</th>
                <th className="pb-2 font-medium">Impact</th>
                <th className="pb-2 font-medium">What changed</th>
              </tr>
            </thead>
            <tbody>
              {deploys.map((d) => (
                <tr key={d.id} className="border-t border-slate-100 align-top" data-testid="deploy-row">
                  <td className="whitespace-nowrap py-2 pr-4 text-xs text-slate-500">
                    {formatInstant(d.timestamp, timeZone)}
                  </td>
                  <td className="py-2 pr-4">
                    <Link
                      href={`/projects/${project}/deploys/${d.id}`}
                      className="font-medium text-indigo-700 hover:underline"
                      data-testid="deploy-link"
                    >
                      {d.service}@{d.version}
                    </Link>
                    {d.description && <div className="text-xs text-slate-500">{d.description}</div>}
                  </td>
                  <DeployImpactCells project={project} deployId={d.id} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
