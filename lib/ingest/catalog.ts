import { type SQL, sql } from "drizzle-orm";
import { type Db, recordset, rows } from "@/db/connect";
import type { NormalizedEvent } from "./types";

/** Freshness resolution: a name's last_received_at is moved forward at most this often. */
export const FRESHNESS_STEP_SECONDS = 5;

/** Event name → event_definitions.id, creating the names this batch introduces. */
export async function ensureEventIds(
  tx: Db,
  projectId: number,
  events: NormalizedEvent[],
): Promise<Map<string, number>> {
  const seen = new Map<string, { n: string; r: string }>();
  for (const e of events) if (!seen.has(e.event)) seen.set(e.event, { n: e.event, r: e.receivedAt });
  const names = [...seen.keys()].sort();
  const select = () =>
    rows<{ id: number; name: string }>(
      tx,
      sql`select id, name from event_definitions
          where project_id = ${projectId} and name = any(${sql.param(names)}::text[])`,
    );
  // Known names are only read: an INSERT … ON CONFLICT on them would lock rows every batch uses.
  let found = await select();
  if (found.length < names.length) {
    const known = new Set(found.map((row) => row.name));
    const missing = [...seen.values()].filter(({ n }) => !known.has(n)).sort((a, b) => (a.n < b.n ? -1 : 1));
    await tx.execute(sql`insert into event_definitions (project_id, name, last_received_at)
      select ${projectId}, n, r from ${recordset(missing)} as x(n text, r timestamptz)
      on conflict (project_id, name) do nothing`);
    found = await select();
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
  const touched = [...received].sort(([a], [b]) => a - b).map(([id, r]) => ({ id, r }));
  return sql`update event_definitions d set last_received_at = x.r
    from (select * from ${recordset(touched)} as r(id int, r timestamptz) order by id) x
    where d.id = x.id
      and d.last_received_at < x.r - make_interval(secs => ${FRESHNESS_STEP_SECONDS})`;
}
