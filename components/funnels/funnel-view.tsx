"use client";

import { useQueryStates } from "nuqs";
import { useAnalyticsPages, useAnalyticsQuery } from "@/components/analytics/use-analytics-query";
import { EChart } from "@/components/charts/echart";
import { PersonsPanel } from "@/components/people/persons-panel";
import { Card } from "@/components/ui/card";
import { breakdownLabel, formatDuration, formatPercent } from "@/components/ui/format";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { CatalogResult } from "@/lib/analytics/catalog/get-event-catalog";
import type { FunnelPersons } from "@/lib/analytics/funnel/get-funnel-persons";
import type { FunnelResult } from "@/lib/analytics/funnel/result";
import { BreakdownTable } from "./breakdown-table";
import { ExclusionsEditor } from "./exclusions-editor";
import {
  CONVERTED,
  toConversionOverTimeOption,
  toFunnelBreakdownOption,
  toFunnelChartOption,
  toTimeToConvertOption,
} from "./funnel-chart-option";
import {
  decodeExclusion,
  decodeStep,
  type ExclusionDraft,
  encodeExclusion,
  encodeStep,
  funnelQuery,
} from "./funnel-queries";
import { FunnelSettings } from "./funnel-settings";
import { HowComputed } from "./how-computed";
import { funnelSearchParams } from "./search-params";
import { StepBuilder } from "./step-builder";

/** The funnel page: steps, settings, the funnel and its drop-off, over time, time to convert, and who. */
export function FunnelView({ project, anchor }: { project: string; anchor: string }) {
  // Each change is a history entry: the back button undoes it.
  const [state, setState] = useQueryStates(funnelSearchParams, { history: "push" });
  const query = funnelQuery(state, anchor);
  const result = useAnalyticsQuery<FunnelResult>(project, query ?? { kind: "none" });
  const catalog = useAnalyticsQuery<CatalogResult>(project, { kind: "event_catalog", limit: 1000 } as { kind: string });
  const steps = state.step.map(decodeStep);
  const eventNames = catalog.data?.events.map((e) => e.event) ?? [];
  const who = parseWho(state.who);
  const drill =
    query && who
      ? {
          ...query,
          kind: "funnel_persons",
          step: who.step,
          status: who.status,
          ...(who.value !== undefined ? { breakdownValue: who.value } : {}),
        }
      : null;
  const persons = useAnalyticsPages<FunnelPersons>(project, drill);
  const data = query ? result.data : undefined;
  const unit = state.unit === "accounts" ? "accounts" : "persons";
  const range = query ? { from: query.from, to: query.to } : { from: anchor, to: anchor };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Funnels</h1>
        <FunnelSettings state={state} onChange={(change) => setState({ ...change, who: null })} />
      </div>
      <div className="grid gap-4 xl:grid-cols-[26rem_1fr]">
        <Card title="Steps">
          <StepBuilder
            project={project}
            steps={steps}
            events={eventNames}
            range={range}
            order={state.order}
            onChange={(next) => setState({ step: next.map(encodeStep), who: null })}
          />
          <ExclusionsEditor
            exclusions={state.excl.map(decodeExclusion).filter((x): x is ExclusionDraft => x !== null)}
            steps={steps.map((s) => s.events.map((e) => e.event).join(" or "))}
            optional={steps.map((s) => state.order === "ordered" && s.optional)}
            events={eventNames}
            order={state.order}
            onChange={(next) => setState({ excl: next.map(encodeExclusion), who: null })}
          />
        </Card>
        <Card
          title="Funnel"
          actions={
            data && (
              <span className="text-xs text-slate-500" data-testid="funnel-summary">
                {formatPercent(data.steps.at(-1)?.conversionFromStart ?? null)} converted · median{" "}
                {formatDuration(data.timeToConvert.medianSeconds)}
              </span>
            )
          }
        >
          {!query ? (
            <EmptyState title="Add two steps or more">
              Pick the events people go through, in order — for the demo: product_viewed, add_to_cart, checkout_started,
              purchase.
            </EmptyState>
          ) : result.isPending ? (
            <LoadingBlock height={320} label="Loading funnel" />
          ) : result.isError ? (
            <ErrorState message={result.error.message} onRetry={() => result.refetch()} />
          ) : data && data.steps[0]?.count === 0 ? (
            <EmptyState title="Nobody entered this funnel in the range">
              Try a longer range, or another first step.
            </EmptyState>
          ) : data ? (
            <div className={result.isFetching ? "opacity-60 transition-opacity" : ""}>
              {data.breakdown ? (
                <>
                  <EChart
                    option={toFunnelBreakdownOption(data)}
                    ariaLabel={`Funnel of ${data.steps.length} steps by ${data.breakdown.property}`}
                    testId="funnel-chart"
                    onClick={(e) => {
                      const value = data.breakdown?.values.find(
                        (v) => breakdownLabel(v) === (e as { seriesName?: string }).seriesName,
                      );
                      if (value)
                        setState({ who: whoOf(e.dataIndex + 1, "converted", value.other ? "$other" : value.value) });
                    }}
                  />
                  <BreakdownTable
                    result={data}
                    onPick={(step, status, value) => setState({ who: whoOf(step, status, value) })}
                  />
                </>
              ) : (
                <EChart
                  option={toFunnelChartOption(data, unit)}
                  ariaLabel={`Funnel of ${data.steps.length} steps: ${data.steps.map((s) => `${s.event} ${s.count}`).join(", ")}`}
                  testId="funnel-chart"
                  onClick={(e) => {
                    const status = (e as { seriesName?: string }).seriesName === CONVERTED ? "converted" : "dropped";
                    if (status === "dropped" && e.dataIndex === 0) return;
                    setState({ who: whoOf(e.dataIndex + 1, status) });
                  }}
                />
              )}
              <HowComputed result={data} />
            </div>
          ) : null}
        </Card>
      </div>
      {query && who && data && (
        <PersonsPanel
          project={project}
          title={`${who.status === "converted" ? "Reached" : "Dropped at"} step ${who.step}: ${data.steps[who.step - 1]?.event ?? ""}${who.value !== undefined ? ` · ${who.value ?? "(none)"}` : ""}`}
          timeZone={data.meta.timeZone}
          columns={data.steps.map((s) => s.event)}
          highlight={query.steps.flatMap((s) =>
            "anyOf" in s ? (s.anyOf ?? []).map((a) => a.event) : [s.event as string],
          )}
          query={persons}
          onClose={() => setState({ who: null })}
        />
      )}
      {query && data && data.steps[0]?.count !== 0 && (
        <div className="grid gap-4 xl:grid-cols-2">
          <Card title={`Conversion over time (by entry ${data.overTime.interval})`}>
            <EChart
              option={toConversionOverTimeOption(data)}
              height={240}
              ariaLabel="Conversion by entry period, deploys marked"
              testId="funnel-over-time"
            />
          </Card>
          <Card title="Time to convert (first → last step)">
            {data.timeToConvert.buckets.length === 0 ? (
              <EmptyState title="Nobody converted yet" />
            ) : (
              <EChart
                option={toTimeToConvertOption(data)}
                height={240}
                ariaLabel="Time to convert histogram"
                testId="funnel-time-to-convert"
              />
            )}
          </Card>
        </div>
      )}
    </div>
  );
}

/** In `who`, the breakdown group of those without a value. */
const NO_VALUE = "$none";
type Who = { step: number; status: "converted" | "dropped"; value?: string | null };

function whoOf(step: number, status: Who["status"], value?: string | null): string {
  return value === undefined ? `${step}:${status}` : `${step}:${status}:${value === null ? NO_VALUE : value}`;
}

function parseWho(text: string | null): Who | null {
  const match = text ? /^(\d+):(converted|dropped)(?::([\s\S]*))?$/.exec(text) : null;
  if (!match) return null;
  const value = match[3] === undefined ? undefined : match[3] === NO_VALUE ? null : match[3];
  return { step: Number(match[1]), status: match[2] as Who["status"], value };
}
