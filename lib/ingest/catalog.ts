import { type SQL, sql } from "drizzle-orm";
import { recordset } from "@/db/connect";
import type { Pipeline } from "@/db/pipeline";
import type { NormalizedEvent } from "./types";

/** Freshness resolution: a name's last_received_at is moved forward at most this often. */
export const FRESHNESS_STEP_SECONDS = 5;

/** Sends the read of the events' names → event_definitions.id. */
export function readEventIds(p: Pipeline, projectId: number, events: NormalizedEvent[]): Promise<EventIdRow[]> {
  return p.rows<EventIdRow>(
    sql`select id, name from event_definitions
        where project_id = ${projectId} and name = any(${sql.param(namesOf(events))}::text[])`,
  );
}

type EventIdRow = { id: number; name: string };

function namesOf(events: NormalizedEvent[]): string[] {
  return [...new Set(events.map((e) => e.event))].sort();
}

/**
 * Event name → event_definitions.id from what readEventIds found, creating the names this batch
 * introduces. Known names are only read: an INSERT … ON CONFLICT on them would lock rows every
 * batch uses.
 */
export async function ensureEventIds(
  p: Pipeline,
  projectId: number,
  events: NormalizedEvent[],
  read: Promise<EventIdRow[]>,
): Promise<Map<string, number>> {
  let found = await read;
  const names = namesOf(events);
  if (found.length < names.length) {
    const known = new Set(found.map((row) => row.name));
    const firstSeen = new Map<string, string>();
    for (const e of events) if (!known.has(e.event) && !firstSeen.has(e.event)) firstSeen.set(e.event, e.receivedAt);
    const missing = [...firstSeen].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, r]) => ({ n, r }));
    p.rows(sql`insert into event_definitions (project_id, name, last_received_at)
      select ${projectId}, n, r from ${recordset(missing)} as x(n text, r timestamptz)
      on conflict (project_id, name) do nothing`);
    found = await readEventIds(p, projectId, events);
  }
  return new Map(found.map((row) => [row.name, row.id]));
}

/**
 * Moves the names' last_received_at forward, but only when it is more than FRESHNESS_STEP_SECONDS
 * behind: a row whose stored value is recent enough is not even locked, so concurrent batches
 * queue on these hot rows once per step instead of on every commit. Runs last, in id order.
 */
export function freshnessUpdate(stored: { eventId: number; receivedAt: string }[]): SQL {
  const received = new Map<number, string>();
  for (const { eventId, receivedAt } of stored) {
    const latest = received.get(eventId);
    if (!latest || receivedAt > latest) received.set(eventId, receivedAt);
  }
  // The step's start (`b`) is worked out here: Citus refuses stable operators such as
  // timestamptz − interval on a column in an UPDATE.
  const touched = [...received]
    .sort(([a], [b]) => a - b)
    .map(([id, r]) => ({ id, r, b: new Date(Date.parse(r) - FRESHNESS_STEP_SECONDS * 1000).toISOString() }));
  return sql`update event_definitions d set last_received_at = x.r
    from (select * from ${recordset(touched)} as r(id int, r timestamptz, b timestamptz) order by id) x
    where d.id = x.id and d.last_received_at < x.b`;
}
