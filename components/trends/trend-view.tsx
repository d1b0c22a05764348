"use client";

import { useQueryStates } from "nuqs";
import { BreakdownInput } from "@/components/analytics/breakdown-input";
import { useAnalyticsPages, useAnalyticsQuery } from "@/components/analytics/use-analytics-query";
import { EChart } from "@/components/charts/echart";
import { PersonsPanel } from "@/components/people/persons-panel";
import { Card } from "@/components/ui/card";
import { formatInstant } from "@/components/ui/format";
import { Segmented } from "@/components/ui/segmented";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { AnomaliesResult } from "@/lib/analytics/anomalies/result";
import type { CatalogResult } from "@/lib/analytics/catalog/get-event-catalog";
import { seriesIndexOf } from "@/lib/analytics/trend/formula";
import type { TrendPersons } from "@/lib/analytics/trend/get-trend-persons";
import type { TrendResult } from "@/lib/analytics/trend/result";
import { TrendHowComputed } from "./how-computed";
import { trendIntervals, trendRanges, trendSearchParams } from "./search-params";
import { SeriesEditor } from "./series-editor";
import { ANOMALY_SERIES, toTrendChartOption } from "./trend-chart-option";
import { seriesLabel } from "./trend-labels";
import { anomaliesQuery, decodePoint, decodeSeries, encodePoint, encodeSeries, trendQuery } from "./trend-queries";
import { TrendTable } from "./trend-table";

/** The trends page: series and settings, the chart with deploys and anomaly flags, the table, and who is behind a point. */
export function TrendView({ project, anchor }: { project: string; anchor: string }) {
  const [state, setState] = useQueryStates(trendSearchParams, { history: "push" });
  const query = trendQuery(state, anchor);
  const result = useAnalyticsQuery<TrendResult>(project, query);
  const flagsQuery = anomaliesQuery(query);
  const flags = useAnalyticsQuery<AnomaliesResult>(project, flagsQuery ?? { kind: "none" }, flagsQuery !== null);
  const catalog = useAnalyticsQuery<CatalogResult>(project, { kind: "event_catalog", limit: 1000 } as { kind: string });
  const point = decodePoint(state.point);
  const drill = point
    ? {
        ...query,
        kind: "trend_persons",
        seriesIndex: point.seriesIndex,
        bucket: point.bucket,
        ...(point.value !== undefined ? { breakdownValue: point.value } : {}),
      }
    : null;
  const persons = useAnalyticsPages<TrendPersons>(project, drill);
  const data = result.data;
  const drafts = (state.s.length ? state.s : ["$any"]).map(decodeSeries);
  const change = (next: Partial<typeof state>) => setState({ ...next, point: null });
  const picked =
    point &&
    data?.series.find(
      (s) =>
        seriesIndexOf(s.key) === point.seriesIndex && (point.value === undefined || s.breakdownValue === point.value),
    );
  const bucketSpan = persons.data?.pages[0]?.bucket;
  const empty = data?.series.every((s) => s.points.every((p) => !p.value));

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Trends</h1>
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <Segmented
            label="Time range"
            value={state.range}
            options={trendRanges.map((value) => ({ value, label: value }))}
            onChange={(range) => change({ range, interval: null })}
          />
          <Segmented
            label="Interval"
            value={query.interval}
            options={trendIntervals.map((value) => ({ value, label: value }))}
            onChange={(interval) => change({ interval })}
          />
          <label className="flex items-center gap-1 text-slate-600">
            <input type="checkbox" checked={state.compare} onChange={(e) => change({ compare: e.target.checked })} />
            compare with the period before
          </label>
          <BreakdownInput value={state.breakdown} onChange={(breakdown) => change({ breakdown })} />
        </div>
      </div>
      <Card title="Series">
        <SeriesEditor
          project={project}
          series={drafts}
          formula={state.formula}
          events={(catalog.data?.events ?? []).map((e) => e.event)}
          range={{ from: query.from, to: query.to }}
          onChange={(series) => change({ s: series.map(encodeSeries) })}
          onFormula={(formula) => change({ formula })}
        />
      </Card>
      <Card
        title="Over time"
        actions={
          flags.data && (
            <span className="text-xs text-slate-500" data-testid="anomaly-summary">
              {flags.data.series.some((s) => s.history === "insufficient")
                ? "Not enough history to flag anomalies"
                : `${flags.data.series.reduce((n, s) => n + s.points.filter((p) => p.anomaly).length, 0)} anomalies flagged`}
            </span>
          )
        }
      >
        {result.isPending ? (
          <LoadingBlock height={320} label="Loading the trend" />
        ) : result.isError ? (
          <ErrorState message={result.error.message} onRetry={() => result.refetch()} />
        ) : empty ? (
          <EmptyState title="Nothing in this range">
            No event matched these series. Try a longer range or another event.
          </EmptyState>
        ) : data ? (
          <div className={result.isFetching ? "opacity-60 transition-opacity" : ""}>
            <EChart
              option={toTrendChartOption(data, flags.data?.series ?? [])}
              height={340}
              testId="trend-chart"
              ariaLabel={`Trend of ${data.series.map(seriesLabel).join(", ")}`}
              onClick={(event) => {
                const s = data.series[event.seriesIndex ?? -1];
                const t = s?.points[event.dataIndex]?.t;
                if (!s || !t || event.name === ANOMALY_SERIES) return;
                setState({
                  point: encodePoint({
                    seriesIndex: seriesIndexOf(s.key),
                    bucket: t,
                    ...(s.breakdownValue === undefined ? {} : { value: s.breakdownValue }),
                  }),
                });
              }}
            />
            <TrendHowComputed result={data} flags={flags.data ?? null} />
          </div>
        ) : null}
      </Card>
      {point && data && (
        <PersonsPanel
          project={project}
          title={`${picked ? seriesLabel(picked) : "Series"} · ${formatInstant(point.bucket, data.meta.timeZone, data.interval === "hour")}`}
          timeZone={data.meta.timeZone}
          columns={[]}
          countColumn="events"
          highlight={[data.series[point.seriesIndex]?.event ?? ""].filter((e) => e && e !== "$any")}
          moment={() => ({ at: bucketSpan?.from, from: bucketSpan?.from, to: bucketSpan?.to })}
          query={{
            ...persons,
            data: persons.data && {
              pages: persons.data.pages.map((page) => ({
                persons: page.persons.map((p) => ({ ...p, steps: [], count: p.events })),
                accounts: [],
              })),
            },
          }}
          onClose={() => setState({ point: null })}
        />
      )}
      {data && !empty && (
        <Card title="Table">
          <TrendTable result={data} onPick={(p) => setState({ point: encodePoint(p) })} />
        </Card>
      )}
    </div>
  );
}
