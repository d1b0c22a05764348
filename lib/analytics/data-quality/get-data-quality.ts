import "server-only";
import { onCitus } from "@/db/citus";
import { citusMarked, type Db, rows } from "@/db/connect";
import type { Project } from "@/lib/projects/projects";
import { getResultMeta } from "../meta";
import { readOnly } from "../read-only";
import { readIngestionHealth } from "./ingestion-health";
import type { DataQualityParams } from "./params";
import {
  buildEventIssuesQuery,
  buildEventsQuery,
  buildHourlyTotalsQuery,
  buildIssuesByDayQuery,
  buildIssuesByEventQuery,
  buildLagQuery,
  buildLagQueryOnCitus,
  dayRangeOf,
  LAG_ROWS_PER_HOUR,
  type LagStratum,
  lagStrataQuery,
} from "./query";
import { type DataQualityResult, type DataQualityRows, toDataQualityResult } from "./result";

const DAY = 86_400_000;
/** Rows of the (event, reason) list and of the per-event table: the names a write key sends are many. */
const BY_EVENT_LIMIT = 200;
const EVENTS_LIMIT = 500;

/**
 * POST …/query {kind: "data_quality"}: DESIGN §5.6, docs/data-quality.md. `now` bounds what can
 * have happened yet (freshness, the lag window, the hours judged for gaps) and is `computedAt`.
 */
export function getDataQuality(
  db: Db,
  project: Project,
  params: DataQualityParams,
  now = new Date(),
): Promise<DataQualityResult> {
  const days = dayRangeOf(params.from, params.to);
  const lagEnd = new Date(Math.min(Date.parse(params.to), now.getTime())).toISOString();
  const lagWindow = { from: new Date(Date.parse(lagEnd) - DAY).toISOString(), to: lagEnd };
  const historyFrom = new Date(Date.parse(days.from) - 28 * DAY).toISOString();
  return readOnly(db, async (tx) => {
    const result: DataQualityRows = {
      days,
      lagWindow,
      now,
      meta: { ...(await getResultMeta(tx, project, days.from, days.to)), computedAt: now.toISOString() },
      issuesByDay: await rows(tx, buildIssuesByDayQuery(project.id, days)),
      issuesByEvent: await rows(tx, buildIssuesByEventQuery(project.id, days, BY_EVENT_LIMIT)),
      byEventLimit: BY_EVENT_LIMIT,
      eventIssues: await rows(tx, buildEventIssuesQuery(project.id, days)),
      events: await rows(tx, buildEventsQuery(project.id, days, EVENTS_LIMIT)),
      eventsLimit: EVENTS_LIMIT,
      lags: await readLags(tx, project.id, lagEnd),
      hourly: await rows(tx, buildHourlyTotalsQuery(project.id, historyFrom, days.to)),
      ingestion: await readIngestionHealth(tx, project.id, now),
    };
    return toDataQualityResult(result);
  });
}

/** The lag figures (query.ts buildLagQuery), on single-node PostgreSQL or Citus (buildLagQueryOnCitus). */
export async function readLags(
  db: Db,
  projectId: number,
  end: string,
  perHour = LAG_ROWS_PER_HOUR,
): Promise<DataQualityRows["lags"]> {
  if (!(citusMarked(db) || (await onCitus(db)))) return rows(db, buildLagQuery(projectId, end, perHour));
  const strata = await rows<LagStratum>(db, lagStrataQuery(projectId, end));
  return rows(db, buildLagQueryOnCitus(projectId, end, strata, perHour));
}
