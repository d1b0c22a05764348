import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { citusMarked, type Db, rows } from "@/db/connect";
import { listDeploys } from "@/lib/deploys/deploys";
import type { Project } from "@/lib/projects/projects";
import { isHourAligned, isWholeHourZone } from "@/lib/time/zone";
import { type Breakdown, OTHER_VALUE } from "../breakdown";
import { checkEmbeddedBudget } from "../embedded-budget";
import { compileMatchers, type Matcher } from "../matchers";
import { getResultMeta, IDENTITY_NOTE } from "../meta";
import type { Periods } from "../periods";
import { parseProperty, propertyText } from "../properties";
import { readOnly } from "../read-only";
import { parseFormula } from "./formula";
import type { TrendParams, TrendPersonsParams } from "./params";
import { buildBucketsQuery, buildTopValuesQuery, buildTrendQuery, type TrendBreakdown, type TrendRow } from "./query";
import { type TrendPeriod, type TrendResult, toTrendPeriod } from "./result";

/** POST …/query {kind: "trend"}: DESIGN §5.3, each series as lib/analytics/trend/query.ts says. */
export function getTrend(db: Db, project: Project, params: TrendParams): Promise<TrendResult> {
  return readOnly(db, async (tx) => {
    const prepared = await prepareTrend(tx, project, params);
    const current = await trendPeriod(tx, prepared, params.from, params.to);
    const length = Date.parse(params.to) - Date.parse(params.from);
    const before = new Date(Date.parse(params.from) - length).toISOString();
    return {
      interval: params.interval,
      ...current,
      ...(params.compare ? { compare: await trendPeriod(tx, prepared, before, params.from) } : {}),
      deploys: await listDeploys(tx, project.id, params.from, params.to),
      meta: { ...(await getResultMeta(tx, project, params.from, params.to)), identity: IDENTITY_NOTE },
    };
  });
}

/** A trend's series made ready for SQL: matchers, and the breakdown's top values (chosen over [from, to)). */
export type PreparedTrend = {
  project: Project;
  params: TrendParams | TrendPersonsParams;
  matchers: Matcher[];
  breakdown: TrendBreakdown | null;
};

export async function prepareTrend(
  db: Db,
  project: Project,
  params: TrendParams | TrendPersonsParams,
): Promise<PreparedTrend> {
  const matchers = await compileMatchers(db, project.id, params.series);
  const periods = periodsOf(project, params, params.from, params.to);
  const ranges = params.compare ? 2 : 1;
  const reads = params.series.flatMap((s, i) =>
    readsRollup(project, params, s, params.from, params.to) || matchers[i]?.eventId === -1
      ? []
      : Array.from({ length: ranges }, () => ({
          eventId: matchers[i]?.eventId ?? null,
          from: params.from,
          to: params.to,
        })),
  );
  await checkEmbeddedBudget(db, project.id, reads);
  const value = params.breakdown ? breakdownValueOfEvent(params.breakdown, project.id) : null;
  const breakdown =
    value && params.breakdown
      ? {
          value,
          top: (
            await rows<{ v: string | null }>(
              db,
              buildTopValuesQuery(project.id, matchers, value, periods, params.breakdown.limit),
            )
          ).map((row) => row.v),
        }
      : null;
  return { project, params, matchers, breakdown };
}

/** A breakdown's value for each event `e`: its own property or column, its person's, its account's. */
export function breakdownValueOfEvent(breakdown: Breakdown, projectId: number): SQL {
  return propertyText(parseProperty(breakdown.property), { events: "e", personId: sql`e.person_id`, projectId });
}

export async function trendPeriod(db: Db, prepared: PreparedTrend, from: string, to: string): Promise<TrendPeriod> {
  const { project, params, matchers, breakdown } = prepared;
  const periods = periodsOf(project, params, from, to);
  const buckets = (await rows<{ t: string }>(db, buildBucketsQuery(periods))).map((row) => row.t);
  const seriesRows: TrendRow[][] = [];
  for (const [i, s] of params.series.entries()) {
    const matcher = matchers[i] as Matcher;
    const query = buildTrendQuery({
      projectId: project.id,
      matcher,
      measure: s.measure,
      periods,
      fromRollup: readsRollup(project, params, s, from, to),
      breakdown,
      citus: citusMarked(db),
    });
    seriesRows.push(matcher.eventId === -1 ? [] : await rows<TrendRow>(db, query));
  }
  return toTrendPeriod({
    from,
    to,
    buckets,
    params: params.series,
    rows: seriesRows,
    groups: breakdown ? breakdown.top.filter((v) => v !== OTHER_VALUE) : null,
    formula: params.formula ? { expression: params.formula, tree: parseFormula(params.formula) } : null,
  });
}

export function periodsOf(
  project: Project,
  params: { interval: Periods["interval"] },
  from: string,
  to: string,
): Periods {
  return { interval: params.interval, from, to, timeZone: project.timeZone };
}

/** Counts of an event without filters or breakdown come from the hourly rollups when they are exact. */
function readsRollup(
  project: Project,
  params: TrendParams | TrendPersonsParams,
  series: TrendParams["series"][number],
  from: string,
  to: string,
): boolean {
  return (
    series.measure === "count" &&
    !series.where?.length &&
    !params.breakdown &&
    canUseHourlyRollup(project.timeZone, from, to)
  );
}

/** Hourly UTC rollups give exact answers only for whole-hour ranges in whole-hour zones. */
export function canUseHourlyRollup(timeZone: string, from: string, to: string): boolean {
  const start = new Date(from);
  const end = new Date(to);
  return isHourAligned(start) && isHourAligned(end) && isWholeHourZone(timeZone, start, end);
}
