"use client";

import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useAnalyticsPages, useAnalyticsQuery } from "@/components/analytics/use-analytics-query";
import { EChart } from "@/components/charts/echart";
import { PersonsPanel } from "@/components/people/persons-panel";
import { Card } from "@/components/ui/card";
import { formatAgo, formatInstant } from "@/components/ui/format";
import { Segmented } from "@/components/ui/segmented";
import { ErrorState, LoadingBlock } from "@/components/ui/states";
import type { AnomaliesResult } from "@/lib/analytics/anomalies/result";
import type { DeployImpactPersons } from "@/lib/analytics/deploy-impact/get-deploy-impact-persons";
import { type DeployImpactResult, segmentLabel } from "@/lib/analytics/deploy-impact/result";
import { ChangesTable } from "./changes-table";
import { beforeAfterQuery, chartedSegment, decodeSegmentParam, defaultWho, encodeSegment } from "./deploy-queries";
import { ImpactBadge } from "./impact-badge";
import { toImpactChartOption } from "./impact-chart-option";
import { deploySearchParams, impactWindows } from "./search-params";
import { SegmentBreakdown } from "./segment-breakdown";

/** One deploy: what changed after it, ranked; a change's before/after chart, root cause and persons. */
export function DeployView({ project, deployId }: { project: string; deployId: number }) {
  const [state, setState] = useQueryStates(deploySearchParams, { history: "push" });
  const result = useAnalyticsQuery<DeployImpactResult>(project, {
    kind: "deploy_impact",
    deploy: deployId,
    window: state.window,
  } as { kind: string });
  const data = result.data;
  const change = data && state.change !== null ? data.changes[state.change] : undefined;
  const chartQuery = change && data ? beforeAfterQuery(change, data.window) : null;
  const charted = change ? chartedSegment(change) : null;
  const chart = useAnalyticsQuery<AnomaliesResult>(project, chartQuery ?? { kind: "none" }, chartQuery !== null);
  const segment = decodeSegmentParam(state.segment) ?? change?.segment ?? null;
  const who = state.who ?? (change ? defaultWho(change) : "did");
  const drill =
    change && change.metric === "count"
      ? {
          kind: "deploy_impact_persons",
          deploy: deployId,
          window: state.window,
          event: change.event,
          status: who,
          ...(segment ? { segment } : {}),
        }
      : null;
  const persons = useAnalyticsPages<DeployImpactPersons>(project, drill);
  const timeZone = data?.meta.timeZone ?? "UTC";

  if (result.isPending) return <LoadingBlock height={360} label="Judging the deploy" />;
  if (result.isError || !data)
    return <ErrorState message={result.error?.message ?? "failed"} onRetry={() => result.refetch()} />;
  const { deploy } = data;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Link href={`/projects/${project}/deploys`} className="text-xs text-indigo-700 hover:underline">
            ← Deploys
          </Link>
          <h1 className="flex items-center gap-2 text-lg font-semibold">
            {deploy.service}@{deploy.version} <ImpactBadge badge={data.badge} />
          </h1>
          <p className="text-xs text-slate-500">
            {formatInstant(deploy.timestamp, timeZone)} · {deploy.environment}
            {deploy.commit && (
              <>
                {" "}
                · <code>{deploy.commit.slice(0, 10)}</code>
              </>
            )}
            {deploy.description && <> · {deploy.description}</>}
          </p>
        </div>
        <Segmented
          label="Window"
          value={state.window}
          options={impactWindows.map((value) => ({ value, label: `${value} after` }))}
          onChange={(window) => setState({ window, change: null, segment: null, who: null })}
        />
      </div>
      {data.followedBy.length > 0 && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800" data-testid="followed-by">
          Followed within the window by{" "}
          {data.followedBy.map((d) => (
            <Link key={d.id} href={`/projects/${project}/deploys/${d.id}`} className="font-semibold underline">
              {d.service}@{d.version} ({formatInstant(d.timestamp, timeZone)})
            </Link>
          ))}
          : their effects mix with this one's.
        </p>
      )}
      {data.traffic.anomaly && data.traffic.change !== null && data.traffic.change < 0 && (
        <p className="rounded-md bg-sky-50 px-3 py-2 text-xs text-sky-800">
          All events together are {Math.round(-data.traffic.change * 100)} % below their usual level in this window:
          data may be missing or late —{" "}
          <Link href={`/projects/${project}/data-quality`} className="underline">
            check data quality
          </Link>
          . Changes that move with all traffic are greyed out.
        </p>
      )}
      <Card
        title={`What changed in the ${formatWindow(data.window.seconds)} after`}
        actions={
          <span className="text-xs text-slate-500">
            {data.tested.totals} events, {data.tested.segments} segments, {data.tested.conversions} conversions tested
            against {data.tested.baselineWeeks} weeks ·{" "}
            <span title="Kept until events arrive for these hours, the key events change, or a day passes">
              computed {formatAgo(data.meta.computedAt, Date.now())}
            </span>
          </span>
        }
      >
        {data.badge === "pending" ? (
          <p className="text-sm text-slate-600">Less than an hour of data after this deploy yet: nothing to judge.</p>
        ) : data.badge === "insufficient" ? (
          <p className="text-sm text-slate-600">Not enough history: fewer than 3 weeks of data before this deploy.</p>
        ) : data.changes.length === 0 ? (
          <p className="text-sm text-emerald-700">
            Nothing people do changed beyond its usual range after this deploy.
          </p>
        ) : (
          <ChangesTable
            changes={data.changes}
            picked={state.change}
            onPick={(i) => setState({ change: i, segment: null, who: null })}
          />
        )}
      </Card>
      {change && (
        <div className="grid gap-4 lg:grid-cols-2">
          <Card title={`${change.event}${charted ? ` · ${segmentLabel(charted)}` : ""}, before and after`}>
            {!chartQuery ? (
              <p className="text-xs text-slate-500">
                Conversions are judged per window; open the funnel for their trend.
              </p>
            ) : chart.isPending ? (
              <LoadingBlock height={260} label="Loading the hours around the deploy" />
            ) : chart.data ? (
              <EChart
                option={toImpactChartOption(chart.data, data.window)}
                height={280}
                testId="impact-chart"
                ariaLabel={`${change.event} by hour around the deploy`}
              />
            ) : (
              <ErrorState message={chart.error?.message ?? "failed"} />
            )}
          </Card>
          <Card title="Root cause">
            <SegmentBreakdown change={change} onPick={(s) => setState({ segment: encodeSegment(s) })} />
          </Card>
        </div>
      )}
      {change && drill && (
        <PersonsPanel
          project={project}
          title={`${who === "did" ? "Did" : "Did not do"} ${change.event} in the window${segment ? ` · ${segmentLabel(segment)}` : ""}`}
          timeZone={timeZone}
          columns={[]}
          countColumn={`${change.event} events`}
          highlight={[change.event]}
          moment={() => ({ at: data.window.from, from: data.window.from, to: data.window.to })}
          actions={
            <Segmented
              label="Who"
              value={who}
              options={[
                { value: "did_not" as const, label: "did not" },
                { value: "did" as const, label: "did" },
              ]}
              onChange={(next) => setState({ who: next })}
            />
          }
          query={{
            ...persons,
            data: persons.data && {
              pages: persons.data.pages.map((page) => ({
                persons: page.persons.map((p) => ({ ...p, steps: [], count: p.events })),
                accounts: [],
              })),
            },
          }}
          onClose={() => setState({ change: null, segment: null, who: null })}
        />
      )}
    </div>
  );
}

const formatWindow = (seconds: number) =>
  seconds % 86_400 === 0 ? `${(seconds / 86_400) * 24} hours` : `${Math.round(seconds / 3_600)} hours`;
