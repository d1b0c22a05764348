"use client";

import { useQueryStates } from "nuqs";
import { useAnalyticsQuery } from "@/components/analytics/use-analytics-query";
import { EChart } from "@/components/charts/echart";
import { anomaliesQuery } from "@/components/trends/trend-queries";
import { Card } from "@/components/ui/card";
import { formatInteger } from "@/components/ui/format";
import { Segmented } from "@/components/ui/segmented";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { AnomaliesResult } from "@/lib/analytics/anomalies/result";
import type { TopEventsResult } from "@/lib/analytics/top-events/get-top-events";
import type { TrendResult } from "@/lib/analytics/trend/result";
import { CountingNote } from "./counting-note";
import { defaultInterval, overviewQueries } from "./overview-queries";
import { overviewIntervals, overviewRanges, overviewSearchParams } from "./search-params";
import { type PersonsState, TopEventsTable } from "./top-events-table";
import { toVolumeChartOption } from "./volume-chart-option";

const rangeOptions = overviewRanges.map((value) => ({ value, label: value }));
const intervalOptions = overviewIntervals.map((value) => ({ value, label: value }));

/** The project overview: event volume with deploy markers, top events, freshness. */
export function OverviewView({ project, anchor }: { project: string; anchor: string }) {
  const [state, setState] = useQueryStates(overviewSearchParams);
  const queries = overviewQueries(state, anchor);
  const trend = useAnalyticsQuery<TrendResult>(project, queries.trend);
  // The volume's anomaly flags, drawn when they arrive (the chart does not wait for them).
  const flagsQuery = anomaliesQuery(queries.trend);
  const flags = useAnalyticsQuery<AnomaliesResult>(project, flagsQuery ?? { kind: "none" }, flagsQuery !== null);
  const top = useAnalyticsQuery<TopEventsResult>(project, queries.topEvents);
  const topPersons = useAnalyticsQuery<TopEventsResult>(project, queries.topEventPersons);
  // Persons of the range being shown: neither list may be a previous range's kept while refetching.
  const persons: PersonsState = topPersons.isError
    ? "failed"
    : topPersons.data && !topPersons.isPlaceholderData && !top.isPlaceholderData
      ? new Map(topPersons.data.events.map((e) => [e.event, e.persons ?? 0]))
      : "counting";
  const total = trend.data?.series[0]?.points.reduce((sum, p) => sum + (p.value ?? 0), 0) ?? null;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Overview</h1>
        <div className="flex flex-wrap items-center gap-2">
          <Segmented
            label="Time range"
            value={state.range}
            options={rangeOptions}
            onChange={(range) => setState({ range, interval: null })}
          />
          <Segmented
            label="Interval"
            value={state.interval ?? defaultInterval(state.range)}
            options={intervalOptions}
            onChange={(interval) => setState({ interval })}
          />
        </div>
      </div>

      <Card
        title={
          <span>
            Event volume{" "}
            {total !== null && <span className="ml-2 font-normal text-slate-500">{formatInteger(total)} events</span>}
          </span>
        }
        actions={trend.data && <CountingNote meta={trend.data.meta} unit="events" interval={trend.data.interval} />}
      >
        {trend.isPending ? (
          <LoadingBlock label="Loading event volume" />
        ) : trend.isError ? (
          <ErrorState message={trend.error.message} onRetry={() => trend.refetch()} />
        ) : total === 0 ? (
          <EmptyState title="No events in this range">
            Send events with any Segment SDK pointed at this server (see the README), or pick a longer range.
          </EmptyState>
        ) : (
          <div className={trend.isFetching ? "opacity-60 transition-opacity" : ""}>
            <EChart
              option={toVolumeChartOption(trend.data, flags.data?.series[0])}
              ariaLabel={`Event volume per ${trend.data.interval}, ${trend.data.deploys.length} deploys marked`}
              testId="volume-chart"
            />
            <p className="mt-2 text-xs text-slate-500" data-testid="deploy-count">
              <span className="text-amber-600">▼</span> {trend.data.deploys.length} deploys in range — hover a flag (or
              a bar) for what shipped
            </p>
          </div>
        )}
      </Card>

      <Card
        title="Top events"
        actions={
          top.data && (
            <CountingNote
              meta={top.data.meta}
              unit={
                persons === "counting"
                  ? "events (unique persons are being counted)"
                  : persons === "failed"
                    ? "events (unique persons could not be counted)"
                    : "events and unique persons"
              }
            />
          )
        }
      >
        {top.isPending ? (
          <LoadingBlock height={200} label="Loading top events" />
        ) : top.isError ? (
          <ErrorState message={top.error.message} onRetry={() => top.refetch()} />
        ) : top.data.events.length === 0 ? (
          <EmptyState title="No events in this range" />
        ) : (
          <>
            <TopEventsTable
              events={top.data.events}
              persons={persons}
              peopleHref={(event) =>
                `/projects/${project}/people?${new URLSearchParams({ did: event, from: queries.topEvents.from, to: queries.topEvents.to })}`
              }
            />
            {persons === "failed" && (
              <p className="mt-3 text-xs text-slate-500" data-testid="persons-failed">
                Unique persons could not be counted: {topPersons.error?.message}{" "}
                <button type="button" className="text-indigo-600 underline" onClick={() => topPersons.refetch()}>
                  Try again
                </button>
              </p>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
