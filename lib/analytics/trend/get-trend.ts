import "server-only";
import { type Db, rows } from "@/db/connect";
import { listDeploys } from "@/lib/deploys/deploys";
import type { Project } from "@/lib/projects/projects";
import { isHourAligned, isWholeHourZone } from "@/lib/time/zone";
import { ANY_EVENT } from "../common";
import { checkEmbeddedBudget } from "../embedded-budget";
import { getEventIds, getResultMeta } from "../meta";
import { readOnly } from "../read-only";
import type { TrendParams } from "./params";
import { buildTrendQuery } from "./query";
import { type TrendResult, toTrendSeries } from "./result";

// No event has this id: an unknown event name is a series of zeros, not an error.
const NO_EVENT = -1;

export function getTrend(db: Db, project: Project, params: TrendParams): Promise<TrendResult> {
  return readOnly(db, (tx) => runTrend(tx, project, params));
}

async function runTrend(db: Db, project: Project, params: TrendParams): Promise<TrendResult> {
  const eventIds = await getEventIds(
    db,
    project.id,
    params.series.map((s) => s.event).filter((e) => e !== ANY_EVENT),
  );
  const rollupOk = canUseHourlyRollup(project.timeZone, params.from, params.to);
  const eventIdOf = (event: string) => (event === ANY_EVENT ? null : (eventIds.get(event) ?? NO_EVENT));
  await checkEmbeddedBudget(
    db,
    project.id,
    params.series
      .filter((s) => s.measure === "persons" || !rollupOk)
      .map((s) => ({ eventId: eventIdOf(s.event), from: params.from, to: params.to })),
  );
  const series = [];
  for (const s of params.series) {
    const query = buildTrendQuery({
      projectId: project.id,
      eventId: eventIdOf(s.event),
      measure: s.measure,
      interval: params.interval,
      from: params.from,
      to: params.to,
      timeZone: project.timeZone,
      fromRollup: s.measure === "count" && rollupOk,
    });
    series.push(toTrendSeries(s, await rows<{ t: string; value: number }>(db, query)));
  }
  return {
    interval: params.interval,
    series,
    deploys: await listDeploys(db, project.id, params.from, params.to),
    meta: await getResultMeta(db, project, params.from, params.to),
  };
}

/** Hourly UTC rollups give exact answers only for whole-hour ranges in whole-hour zones. */
export function canUseHourlyRollup(timeZone: string, from: string, to: string): boolean {
  const start = new Date(from);
  const end = new Date(to);
  return isHourAligned(start) && isHourAligned(end) && isWholeHourZone(timeZone, start, end);
}
