"use client";

import { deployLabel } from "@/components/charts/deploy-markers";
import { formatInstant, formatInteger, formatPercent } from "@/components/ui/format";
import type { RetentionCohort, RetentionResult } from "@/lib/analytics/retention/result";
import type { Deploy } from "@/lib/deploys/deploys";
import { periodLabel } from "./retention-chart-option";

type Props = {
  result: RetentionResult;
  cohorts: RetentionCohort[];
  unit: string;
  /** A cell's click: its cohort and period (period 0: the whole cohort). */
  onPick: (cohort: string, periodIndex: number) => void;
  /** The open cell, outlined. */
  picked?: { cohort: string; periodIndex: number } | null;
  testId?: string;
};

/** "Nov 2" for days and weeks, "Nov 2026" for months, in the project's zone. */
function cohortName(start: string, period: RetentionResult["period"], timeZone: string) {
  if (period !== "month") return formatInstant(start, timeZone, false);
  return new Intl.DateTimeFormat("en-US", { timeZone, month: "short", year: "numeric" }).format(new Date(start));
}

/** The background of a cell: indigo as deep as the share retained. */
const shade = (rate: number) => `rgba(99, 102, 241, ${0.08 + 0.8 * Math.min(1, Math.max(0, rate))})`;

/**
 * The cohort triangle as a heatmap: a row per cohort (its start, size and the deploys of its
 * period), a column per period; each cell its share and count, shaded by the share. A period that
 * has not ended is hatched and says so, never 0. A click on a cell asks for who is behind it.
 */
export function RetentionTable({ result, cohorts, unit, onPick, picked, testId = "retention-table" }: Props) {
  const { timeZone } = result.meta;
  const deploysOf = (cohort: RetentionCohort): Deploy[] =>
    result.deploys.filter((d) => d.timestamp >= cohort.start && d.timestamp < cohort.end);
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-separate border-spacing-0.5 text-xs" data-testid={testId}>
        <thead>
          <tr className="text-left text-[11px] uppercase tracking-wide text-slate-500">
            <th className="px-2 pb-1 font-medium">Cohort</th>
            <th className="px-2 pb-1 text-right font-medium">{unit}</th>
            {result.average.map((_, k) => (
              <th key={k} className="px-2 pb-1 text-center font-medium">
                {periodLabel(result.period, k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((cohort) => {
            const deploys = deploysOf(cohort);
            return (
              <tr key={cohort.start} data-testid="retention-row">
                <th scope="row" className="whitespace-nowrap px-2 py-1 text-left font-medium text-slate-700">
                  {cohortName(cohort.start, result.period, timeZone)}
                  {deploys.length > 0 && (
                    <span
                      className="ml-1.5 rounded bg-amber-50 px-1 py-0.5 text-[10px] font-normal text-amber-700"
                      title={deploys
                        .map(
                          (d) =>
                            `${deployLabel(d)} — ${formatInstant(d.timestamp, timeZone)}${d.description ? `: ${d.description}` : ""}`,
                        )
                        .join("\n")}
                      data-testid="cohort-deploys"
                    >
                      ▼ {deploys.length === 1 && deploys[0] ? deployLabel(deploys[0]) : `${deploys.length} deploys`}
                    </span>
                  )}
                </th>
                <td className="px-2 py-1 text-right tabular-nums text-slate-600">{formatInteger(cohort.size)}</td>
                {cohort.values.map((value, k) => {
                  const rate = cohort.rates[k] ?? null;
                  const isPicked = picked?.cohort === cohort.start && picked.periodIndex === k;
                  const outline = isPicked ? "outline outline-2 outline-indigo-700" : "";
                  if (value === null) {
                    return (
                      <td
                        key={k}
                        className="rounded bg-[repeating-linear-gradient(45deg,#f8fafc,#f8fafc_4px,#e2e8f0_4px,#e2e8f0_6px)] px-2 py-1.5 text-center text-slate-400"
                        title={`${periodLabel(result.period, k)} has not ended yet`}
                        data-testid="retention-cell-incomplete"
                      >
                        …
                      </td>
                    );
                  }
                  return (
                    <td key={k} className="p-0">
                      <button
                        type="button"
                        disabled={cohort.size === 0}
                        onClick={() => onPick(cohort.start, k)}
                        className={`w-full rounded px-2 py-1.5 text-center tabular-nums ${outline} ${
                          rate !== null && rate > 0.55 ? "text-white" : "text-slate-800"
                        } disabled:cursor-default`}
                        style={{ background: rate === null ? "#f8fafc" : shade(rate) }}
                        title={`${formatInteger(value)} of ${formatInteger(cohort.size)} ${unit} · ${periodLabel(result.period, k)}${
                          cohort.incomplete[k] ? " (still running)" : ""
                        }`}
                        data-testid="retention-cell"
                        data-count={value}
                      >
                        <span className="font-medium">{k === 0 ? formatInteger(value) : formatPercent(rate)}</span>
                        {k > 0 && <span className="ml-1 opacity-70">{formatInteger(value)}</span>}
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
