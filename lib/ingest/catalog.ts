import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import type { NormalizedEvent } from "./types";

/** Event name → event_definitions.id, creating the names this batch introduces. */
export async function ensureEventIds(
  tx: Db,
  projectId: number,
  events: NormalizedEvent[],
): Promise<Map<string, number>> {
  const seen = new Map<string, { n: string; t: string; r: string }>();
  for (const e of events) if (!seen.has(e.event)) seen.set(e.event, { n: e.event, t: e.timestamp, r: e.receivedAt });
  const names = [...seen.keys()].sort();
  const select = () =>
    rows<{ id: number; name: string }>(
      tx,
      sql`select id, name from event_definitions
          where project_id = ${projectId} and name = any(${sql.param(names)}::text[])`,
    );
  // Known names are only read: an INSERT … ON CONFLICT on them would wait for every concurrent
  // batch updating their volume. New names start at one of their events; volume and the exact
  // seen-times are added by recordCatalogAndRollups at the end of the transaction.
  let found = await select();
  if (found.length < names.length) {
    const known = new Set(found.map((row) => row.name));
    const missing = names.filter((name) => !known.has(name)).map((name) => seen.get(name));
    await tx.execute(sql`insert into event_definitions
        (project_id, name, first_seen_at, last_seen_at, last_received_at, volume)
      select ${projectId}, n, t, t, r, 0
      from jsonb_to_recordset(${JSON.stringify(missing)}::jsonb) as x(n text, t timestamptz, r timestamptz)
      on conflict (project_id, name) do nothing`);
    found = await select();
  }
  return new Map(found.map((row) => [row.name, row.id]));
}

/**
 * Adds the batch to the catalog (volume, first/last seen) and to the hourly rollup. These rows are
 * hot (every batch touches them), so this runs last, in key order: short lock holds, no deadlocks.
 */
export async function recordCatalogAndRollups(
  tx: Db,
  projectId: number,
  stored: { eventId: number; timestamp: string; receivedAt: string }[],
): Promise<void> {
  const perEvent = new Map<number, { n: number; first: string; last: string; received: string }>();
  const perHour = new Map<string, { e: number; h: string; n: number }>();
  for (const row of stored) {
    const seen = perEvent.get(row.eventId);
    if (!seen) {
      perEvent.set(row.eventId, { n: 1, first: row.timestamp, last: row.timestamp, received: row.receivedAt });
    } else {
      seen.n++;
      if (row.timestamp < seen.first) seen.first = row.timestamp;
      if (row.timestamp > seen.last) seen.last = row.timestamp;
      if (row.receivedAt > seen.received) seen.received = row.receivedAt;
    }
    const hour = `${row.timestamp.slice(0, 13)}:00:00.000Z`;
    const key = `${row.eventId}|${hour}`;
    const bucket = perHour.get(key);
    if (bucket) bucket.n++;
    else perHour.set(key, { e: row.eventId, h: hour, n: 1 });
  }
  const definitions = [...perEvent].sort(([a], [b]) => a - b).map(([id, v]) => ({ id, ...v }));
  await tx.execute(sql`update event_definitions d set
      volume = d.volume + x.n,
      first_seen_at = least(d.first_seen_at, x.first),
      last_seen_at = greatest(d.last_seen_at, x.last),
      last_received_at = greatest(d.last_received_at, x.received)
    from (select * from jsonb_to_recordset(${JSON.stringify(definitions)}::jsonb)
          as r(id int, n int, first timestamptz, last timestamptz, received timestamptz) order by id) x
    where d.id = x.id`);
  const hours = [...perHour.values()].sort((a, b) => a.e - b.e || (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  await tx.execute(sql`insert into event_counts_hourly (project_id, event_id, hour, count)
    select ${projectId}, e, h, n from jsonb_to_recordset(${JSON.stringify(hours)}::jsonb)
      as r(e int, h timestamptz, n int) order by e, h
    on conflict (project_id, event_id, hour) do update set count = event_counts_hourly.count + excluded.count`);
}
