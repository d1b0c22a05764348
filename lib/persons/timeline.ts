import { type SQL, sql } from "drizzle-orm";
import { citusMarked, type Db, rows } from "@/db/connect";
import { LATEST_INSTANT } from "@/lib/analytics/common";
import { keysetPage } from "@/lib/analytics/cursor";
import { getEventIds } from "@/lib/analytics/meta";
import { type Deploy, listDeploys } from "@/lib/deploys/deploys";
import type { TimelineParams } from "./params";
import { type PiiAccess, showPii } from "./pii";

/** Inactivity that ends a session (DESIGN §5.5): a gap of 30 minutes or more starts a new one. */
export const SESSION_GAP_MS = 30 * 60_000;

export type TimelineEvent = {
  /** The event row's id: with `timestamp`, the keyset of the timeline. */
  id: string;
  event: string;
  timestamp: string;
  personId: string;
  distinctId: string;
  sessionId: string | null;
  os: string | null;
  browser: string | null;
  deviceType: string | null;
  appVersion: string | null;
  country: string | null;
  path: string | null;
  properties: Record<string, unknown>;
  /** The person's previous event (older) is 30 minutes or more before this one, or there is none. */
  sessionStart: boolean;
};

export type Timeline = {
  events: TimelineEvent[];
  /** Deploys between the oldest event shown and the top of the page: markers to interleave. */
  deploys: Deploy[];
  nextCursor: string | null;
};

/**
 * One page of the events of a set of persons (`persons`: a query giving `person_id`), newest first,
 * keyset on (timestamp, id) — stable under equal timestamps, since event ids are unique.
 * For a set (an account's members) the page is a merge of each person's newest events, done in
 * two steps so that it costs a page, not the set's size times a page: first each person's newest
 * event under the bound (one backward probe of events_person_time_idx each); only the persons
 * whose newest one is among the `take` newest can have an event on the page (any other has `take`
 * persons with a newer event than all of theirs), so only they give a page of their own
 * (LATERAL … LIMIT), which are merged and cut. Ties at the boundary are kept. `limit + 2` rows:
 * one to know a page follows, one more to know whether the page's last event starts a session.
 *
 * On Citus (`citus`) the page is one query over the set's events, newest first, cut at `take`:
 * each shard holding some of the persons reads its newest `take` (the same backward probe per
 * person) and the coordinator merges the shards' pages (a lateral page per person cannot be pushed
 * down from a CTE's rows).
 */
export function buildTimelineQuery(
  projectId: number,
  persons: SQL,
  params: TimelineParams,
  eventIds: number[] | null,
  citus = false,
): SQL {
  const bound = params.cursor
    ? sql`and (e.timestamp, e.id) < (${params.cursor[0]}::timestamptz, ${params.cursor[1]}::bigint)`
    : params.before
      ? sql`and e.timestamp < ${params.before}::timestamptz`
      : sql``;
  const only = eventIds ? sql`and e.event_id = any(${sql.param(eventIds)}::int[])` : sql``;
  const take = params.limit + 2;
  const columns = sql`e.id::text as id, d.name as event,
        to_char(e.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as timestamp,
        e.person_id::text as "personId", e.distinct_id as "distinctId", e.session_id as "sessionId",
        e.os, e.browser, e.device_type as "deviceType", e.app_version as "appVersion", e.country, e.path, e.properties`;
  if (citus) {
    return sql`select ${columns} from events e join event_definitions d on d.id = e.event_id
      where e.project_id = ${projectId} and e.person_id in (${persons}) ${bound} ${only}
      order by e.timestamp desc, e.id desc
      limit ${take}`;
  }
  const theirs = sql`e.project_id = ${projectId} and e.person_id = who.person_id ${bound} ${only}`;
  return sql`with newest as (
      select who.person_id, (select e.timestamp from events e where ${theirs}
                             order by e.timestamp desc, e.id desc limit 1) as ts
      from (${persons}) who
    ), contenders as (
      select person_id from newest
      where ts >= coalesce((select ts from newest where ts is not null order by ts desc offset ${take - 1} limit 1), '-infinity')
    )
    select x.* from contenders who cross join lateral (
      select ${columns}
      from events e join event_definitions d on d.id = e.event_id
      where ${theirs}
      order by e.timestamp desc, e.id desc
      limit ${take}) x
    order by x.timestamp desc, x.id::bigint desc
    limit ${take}`;
}

type Row = Omit<TimelineEvent, "sessionStart">;

/**
 * Rows (limit + 2 of them, newest first) → the page: sessions marked per person (a gap of
 * SESSION_GAP_MS or more to that person's previous event), the next cursor, PII as the caller may see it.
 */
export function toTimeline(rows: Row[], limit: number, access: PiiAccess): Omit<Timeline, "deploys"> {
  const { shown, nextCursor } = keysetPage(rows, limit, (last) => [last.timestamp, Number(last.id)]);
  const events = shown.map((row, i) => {
    const older = rows.slice(i + 1).find((r) => r.personId === row.personId);
    const gap = older ? Date.parse(row.timestamp) - Date.parse(older.timestamp) : Number.POSITIVE_INFINITY;
    return showPii({ ...row, sessionStart: gap >= SESSION_GAP_MS }, access);
  });
  return { events, nextCursor };
}

/** The page for `persons`, with the deploys to interleave. Unknown event names give no events. */
export async function readTimeline(
  db: Db,
  projectId: number,
  persons: SQL,
  params: TimelineParams,
  access: PiiAccess,
): Promise<Timeline> {
  let eventIds: number[] | null = null;
  if (params.events?.length) eventIds = [...(await getEventIds(db, projectId, params.events)).values()];
  if (eventIds?.length === 0) return { events: [], deploys: [], nextCursor: null };
  const page = toTimeline(
    await rows<Row>(db, buildTimelineQuery(projectId, persons, params, eventIds, citusMarked(db))),
    params.limit,
    access,
  );
  const top = params.cursor?.[0] ?? params.before ?? LATEST_INSTANT;
  const oldest = page.events.at(-1)?.timestamp ?? top;
  return { ...page, deploys: await listDeploys(db, projectId, oldest, top) };
}
