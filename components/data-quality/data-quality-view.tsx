"use client";

import { useQueryStates } from "nuqs";
import { useAnalyticsQuery } from "@/components/analytics/use-analytics-query";
import { EChart } from "@/components/charts/echart";
import { Card } from "@/components/ui/card";
import { formatInstant } from "@/components/ui/format";
import { Segmented } from "@/components/ui/segmented";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { DataQualityResult } from "@/lib/analytics/data-quality/result";
import { toDataQualityChartOption } from "./data-quality-chart-option";
import { dataQualityQuery } from "./data-quality-queries";
import { EventsTable } from "./events-table";
import { FreshnessBanner } from "./freshness-banner";
import { GapsList } from "./gaps-list";
import { IngestionHealthCard } from "./ingestion-health-card";
import { ReasonsTable } from "./reasons-table";
import { dataQualityRanges, dataQualitySearchParams } from "./search-params";
import { SummaryCards } from "./summary-cards";

const rangeOptions = dataQualityRanges.map((value) => ({ value, label: value }));

/** Data quality (DESIGN §5.6): is the data late, missing, refused or changed — before reading a dip as real. */
export function DataQualityView({ project, anchor }: { project: string; anchor: string }) {
  const [state, setState] = useQueryStates(dataQualitySearchParams);
  const query = useAnalyticsQuery<DataQualityResult>(project, dataQualityQuery(state, anchor));

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Data quality</h1>
        <Segmented
          label="Time range"
          value={state.range}
          options={rangeOptions}
          onChange={(range) => setState({ range })}
        />
      </div>
      {query.isPending ? (
        <LoadingBlock label="Loading data quality" />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => query.refetch()} />
      ) : (
        <Report data={query.data} fetching={query.isFetching} />
      )}
    </div>
  );
}

function Report({ data, fetching }: { data: DataQualityResult; fetching: boolean }) {
  const now = Date.parse(data.meta.computedAt);
  const { timeZone } = data.meta;
  const nothing = data.freshness.status === "empty" && data.issues.reasons.length === 0;
  return (
    <div className={`flex flex-col gap-4 ${fetching ? "opacity-60 transition-opacity" : ""}`}>
      <FreshnessBanner freshness={data.freshness} timeZone={timeZone} now={now} />
      <IngestionHealthCard health={data.ingestion} timeZone={timeZone} />
      {nothing ? (
        <EmptyState title="No events yet">
          Send events with any Segment SDK pointed at this server (see the README): what arrives, what is refused and
          why, and how late it comes will show here.
        </EmptyState>
      ) : (
        <>
          <SummaryCards result={data} />
          <Card
            title="Per day (UTC)"
            actions={<span className="text-xs text-slate-500">accepted by event time · issues by time of receipt</span>}
          >
            <EChart
              option={toDataQualityChartOption(data.daily)}
              ariaLabel={`Accepted events and ingestion issues per UTC day, ${data.daily.length} days`}
              testId="data-quality-chart"
            />
          </Card>
          <Card title="Gaps: data missing or late">
            <GapsList gaps={data.gaps} timeZone={timeZone} />
          </Card>
          <Card title="Rejected, altered and duplicate events by reason">
            {data.issues.reasons.length === 0 ? (
              <EmptyState title="Nothing refused or changed in this range" />
            ) : (
              <ReasonsTable issues={data.issues} />
            )}
          </Card>
          <Card
            title="Per event"
            actions={
              <span className="text-xs text-slate-500">
                lag: received − event time, over the events received in the 24 h before{" "}
                {formatInstant(data.lagWindow.to, timeZone)}
              </span>
            }
          >
            {data.events.length === 0 ? (
              <EmptyState title="No event names yet" />
            ) : (
              <EventsTable events={data.events} timeZone={timeZone} now={now} />
            )}
            {data.eventsTruncated && (
              <p className="mt-2 text-xs text-slate-500">The {data.events.length} largest events are shown.</p>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
