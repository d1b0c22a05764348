"use client";

import { useQueryStates } from "nuqs";
import { useId } from "react";
import { BreakdownInput } from "@/components/analytics/breakdown-input";
import { useAnalyticsPages, useAnalyticsQuery } from "@/components/analytics/use-analytics-query";
import { EChart } from "@/components/charts/echart";
import { PersonsPanel } from "@/components/people/persons-panel";
import { Card } from "@/components/ui/card";
import { breakdownLabel, formatInstant, formatPercent } from "@/components/ui/format";
import { Segmented } from "@/components/ui/segmented";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { CatalogResult } from "@/lib/analytics/catalog/get-event-catalog";
import type { RetentionPersons } from "@/lib/analytics/retention/get-retention-persons";
import type { RetentionResult } from "@/lib/analytics/retention/result";
import { RetentionHowComputed } from "./how-computed";
import { periodLabel, toRetentionCurveOption } from "./retention-chart-option";
import { decodeCell, encodeCell, retentionQuery } from "./retention-queries";
import { RetentionTable } from "./retention-table";
import { retentionPeriods, retentionSearchParams } from "./search-params";

const ANY = "$any";

/** The retention page: events and settings, the cohort triangle, the average curves, and who is behind a cell. */
export function RetentionView({ project, anchor }: { project: string; anchor: string }) {
  // Each change is a history entry: the back button undoes it.
  const [state, setState] = useQueryStates(retentionSearchParams, { history: "push" });
  const query = retentionQuery(state, anchor);
  const result = useAnalyticsQuery<RetentionResult>(project, query);
  const catalog = useAnalyticsQuery<CatalogResult>(project, { kind: "event_catalog", limit: 1000 } as { kind: string });
  const listId = `${useId()}-events`;
  const cell = decodeCell(state.cell);
  const drill = cell
    ? {
        ...query,
        kind: "retention_persons",
        cohort: cell.cohort,
        periodIndex: cell.periodIndex,
        status: cell.status,
        ...(cell.value !== undefined ? { breakdownValue: cell.value } : {}),
      }
    : null;
  const persons = useAnalyticsPages<RetentionPersons>(project, drill);
  const data = result.data;
  const unit = state.unit === "accounts" ? "accounts" : "persons";
  const change = (next: Partial<typeof state>) => setState({ ...next, cell: null });
  const eventInput = (label: string, value: string, onValue: (event: string) => void) => (
    <label className="flex items-center gap-1 text-slate-600">
      {label}
      <input
        aria-label={label}
        list={listId}
        defaultValue={value === ANY ? "" : value}
        key={value}
        placeholder="any event"
        onBlur={(e) => {
          const event = e.target.value.trim() || ANY;
          if (event !== value) onValue(event);
        }}
        onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
        className="w-40 rounded border border-slate-200 bg-white px-2 py-1 font-mono text-[13px]"
      />
    </label>
  );
  const cohortOf = (start: string) => data?.cohorts.find((c) => c.start === start);
  const pickedCohort = cell ? cohortOf(cell.cohort) : undefined;
  const cellSpan = persons.data?.pages[0]?.cell;

  return (
    <div className="flex flex-col gap-4">
      <datalist id={listId}>
        {(catalog.data?.events ?? []).map((e) => (
          <option key={e.event} value={e.event} />
        ))}
      </datalist>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Retention</h1>
        <div className="flex flex-wrap items-center gap-2 text-xs">
          {eventInput("Start event", state.start, (start) => change({ start }))}
          {eventInput("Return event", state.ret, (ret) => change({ ret }))}
          <Segmented
            label="Period"
            value={state.period}
            options={retentionPeriods.map((value) => ({ value, label: value }))}
            onChange={(period) => change({ period })}
          />
          <label className="flex items-center gap-1 text-slate-600">
            <select
              aria-label="Cohorts"
              value={state.cohorts}
              onChange={(e) => change({ cohorts: Number(e.target.value) })}
              className="rounded border border-slate-200 bg-white px-1.5 py-1"
            >
              {[...new Set([4, 6, 8, 12, 26, state.cohorts])]
                .sort((a, b) => a - b)
                .map((n) => (
                  <option key={n} value={n}>
                    {n} cohorts
                  </option>
                ))}
            </select>
            <select
              aria-label="Periods"
              value={state.periods}
              onChange={(e) => change({ periods: Number(e.target.value) })}
              className="rounded border border-slate-200 bg-white px-1.5 py-1"
            >
              {[...new Set([4, 6, 8, 12, 26, state.periods])]
                .sort((a, b) => a - b)
                .map((n) => (
                  <option key={n} value={n}>
                    {n} {state.period}s after
                  </option>
                ))}
            </select>
          </label>
          <Segmented
            label="Cohorts by"
            value={state.mode}
            options={[
              { value: "first_time" as const, label: "first time" },
              { value: "recurring" as const, label: "recurring" },
            ]}
            onChange={(mode) => change({ mode })}
          />
          <Segmented
            label="Returned"
            value={state.bounded ? "on" : "after"}
            options={[
              { value: "on" as const, label: "on" },
              { value: "after" as const, label: "on or after" },
            ]}
            onChange={(v) => change({ bounded: v === "on" })}
          />
          <Segmented
            label="Count"
            value={state.unit}
            options={[
              { value: "persons" as const, label: "persons" },
              { value: "accounts" as const, label: "accounts" },
            ]}
            onChange={(u) => change({ unit: u })}
          />
          <BreakdownInput value={state.breakdown} onChange={(breakdown) => change({ breakdown })} />
        </div>
      </div>
      <Card
        title="Cohorts"
        actions={
          data && (
            <span className="text-xs text-slate-500" data-testid="retention-summary">
              {periodLabel(data.period, 1)}: {formatPercent(data.average[1]?.rate ?? null)} on average
            </span>
          )
        }
      >
        {result.isPending ? (
          <LoadingBlock height={280} label="Loading retention" />
        ) : result.isError ? (
          <ErrorState message={result.error.message} onRetry={() => result.refetch()} />
        ) : data?.cohorts.every((c) => c.size === 0) ? (
          <EmptyState title="Nobody in these cohorts">
            Nobody did {data.meta.startEvent} {data.meta.mode === "first_time" ? "for the first time " : ""}in the
            range. Try more cohorts, or another start event.
          </EmptyState>
        ) : data ? (
          <div className={result.isFetching ? "opacity-60 transition-opacity" : ""}>
            <RetentionTable
              result={data}
              cohorts={data.cohorts}
              unit={unit}
              picked={cell && cell.value === undefined ? cell : null}
              onPick={(cohort, periodIndex) =>
                setState({ cell: encodeCell({ cohort, periodIndex, status: "retained" }) })
              }
            />
            <RetentionHowComputed result={data} />
          </div>
        ) : null}
      </Card>
      {cell && data && pickedCohort && (
        <PersonsPanel
          project={project}
          title={`${cell.periodIndex === 0 ? "In the cohort of" : cell.status === "retained" ? "Retained" : "Lost"} ${
            cell.periodIndex === 0 ? "" : `at ${periodLabel(data.period, cell.periodIndex)}, cohort of `
          }${formatInstant(pickedCohort.start, data.meta.timeZone, false)}${cell.value !== undefined ? ` · ${cell.value ?? "(none)"}` : ""}`}
          timeZone={data.meta.timeZone}
          columns={[`start: ${data.meta.startEvent}`, `return: ${data.meta.returnEvent}`]}
          highlight={[state.start, state.ret].filter((e) => e !== ANY)}
          moment={(steps) => ({ at: steps[1] ?? cellSpan?.from, from: cellSpan?.from, to: cellSpan?.to })}
          actions={
            cell.periodIndex > 0 && (
              <Segmented
                label="Who"
                value={cell.status}
                options={[
                  { value: "retained" as const, label: "retained" },
                  { value: "lost" as const, label: "lost" },
                ]}
                onChange={(status) => setState({ cell: encodeCell({ ...cell, status }) })}
              />
            )
          }
          query={{
            ...persons,
            data: persons.data && {
              pages: persons.data.pages.map((page) => ({
                persons: page.persons.map((p) => ({ ...p, steps: [p.startedAt, p.returnedAt] })),
                accounts: page.accounts.map((a) => ({ ...a, steps: [a.startedAt, a.returnedAt] })),
              })),
            },
          }}
          onClose={() => setState({ cell: null })}
        />
      )}
      {data && !data.cohorts.every((c) => c.size === 0) && (
        <Card title={data.breakdown ? `Average retention by ${data.breakdown.property}` : "Average retention"}>
          <EChart
            option={toRetentionCurveOption(data, unit)}
            height={260}
            ariaLabel={`Average retention: ${data.average.map((a, k) => `${periodLabel(data.period, k)} ${formatPercent(a.rate)}`).join(", ")}`}
            testId="retention-curve"
          />
          {data.breakdown?.values.map((group) => (
            <div key={breakdownLabel(group)} className="mt-4">
              <h3 className="mb-1 text-xs font-semibold text-slate-600">
                {data.breakdown?.property} = {breakdownLabel(group)}
              </h3>
              <RetentionTable
                result={data}
                cohorts={group.cohorts}
                unit={unit}
                testId="retention-breakdown-table"
                picked={
                  cell && cell.value !== undefined && cell.value === (group.other ? "$other" : group.value)
                    ? cell
                    : null
                }
                onPick={(cohort, periodIndex) =>
                  setState({
                    cell: encodeCell({
                      cohort,
                      periodIndex,
                      status: "retained",
                      value: group.other ? "$other" : group.value,
                    }),
                  })
                }
              />
            </div>
          ))}
        </Card>
      )}
    </div>
  );
}
