import "server-only";
import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { listDeploys } from "@/lib/deploys/deploys";
import type { Project } from "@/lib/projects/projects";
import { isoUtc } from "../common";
import { getFunnel } from "../funnel/get-funnel";
import { getResultMeta } from "../meta";
import { readOnly } from "../read-only";
import { seriesLetter } from "../trend/formula";
import { prepareTrend, trendPeriod } from "../trend/get-trend";
import type { AnomaliesParams } from "./params";
import { type AnomaliesResult, type AnomalySeries, judgeCountSeries, judgeRateSeries } from "./result";
import { COUNT_DEFAULTS, RATE_DEFAULTS } from "./stats";

const WEEK_MS = 7 * 86_400_000;

/**
 * POST …/query {kind: "anomalies"}: each slot of [from, to) against the same slot in the previous
 * `weeks` weeks (docs/anomalies.md). The series are read as a trend reads them (rollups for plain
 * counts), over the weeks before `from` too; a funnel's step conversions by entry day from the
 * funnel's own code. Slots that have not ended, or that data may still be arriving for, are never flagged.
 */
export function getAnomalies(db: Db, project: Project, params: AnomaliesParams): Promise<AnomaliesResult> {
  return readOnly(db, async (tx) => {
    const since = new Date(Date.parse(params.from) - params.weeks * WEEK_MS).toISOString();
    const meta = await getResultMeta(tx, project, params.from, params.to);
    const context = {
      from: params.from,
      interval: params.interval,
      weeks: params.weeks,
      lastReceivedAt: meta.lastReceivedAt,
    };
    const series: AnomalySeries[] = [];
    if (params.series) {
      const trendParams = {
        kind: "trend" as const,
        series: params.series,
        interval: params.interval,
        from: since,
        to: params.to,
      };
      const prepared = await prepareTrend(tx, project, trendParams);
      const period = await trendPeriod(tx, prepared, since, params.to);
      for (const [i, s] of period.series.entries()) {
        const slots = s.points.map((p) => ({ t: p.t, value: p.value ?? 0, incomplete: false }));
        const endOf = (index: number) => slots[index + 1]?.t ?? params.to;
        const judged = judgeCountSeries(
          slots.map((slot, index) => ({ ...slot, incomplete: Date.parse(endOf(index)) > Date.now() })),
          { ...context, endOf, firstData: await firstDataOf(tx, project.id, prepared.matchers[i]?.eventId ?? null) },
        );
        series.push({ key: seriesLetter(i), event: s.event, measure: s.measure, ...judged });
      }
    } else if (params.funnel) {
      const funnel = await getFunnel(tx, project, {
        kind: "funnel",
        ...params.funnel,
        from: since,
        to: params.to,
        interval: "day",
      });
      const required = funnel.steps.filter((step) => !step.optional);
      const slots = funnel.overTime.points;
      const endOf = (index: number) => slots[index + 1]?.t ?? params.to;
      const firstData = await firstDataOf(tx, project.id, null);
      for (let k = 0; k + 1 < required.length; k++) {
        const judged = judgeRateSeries(
          slots.map((p) => ({
            t: p.t,
            value: { successes: p.reached[k + 1] ?? 0, trials: p.reached[k] ?? 0 },
            incomplete: p.incomplete,
          })),
          { ...context, endOf, firstData },
        );
        series.push({
          key: `${k + 1}→${k + 2}`,
          event: `${required[k]?.event} → ${required[k + 1]?.event}`,
          ...judged,
        });
      }
    }
    return {
      interval: params.interval,
      series,
      method: { weeks: params.weeks, count: COUNT_DEFAULTS, rate: RATE_DEFAULTS },
      deploys: await listDeploys(tx, project.id, params.from, params.to),
      meta,
    };
  });
}

/** When an event's data began (its first hour in the rollups; any event: the project's), or null. */
export async function firstDataOf(db: Db, projectId: number, eventId: number | null): Promise<string | null> {
  const [row] = await rows<{ at: string | null }>(
    db,
    sql`select ${isoUtc(sql`min(hour)`)} as at from event_counts_hourly
        where project_id = ${projectId} ${eventId === null ? sql`` : sql`and event_id = ${eventId}`}`,
  );
  return row?.at ?? null;
}
