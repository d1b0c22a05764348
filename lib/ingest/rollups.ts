import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";

/**
 * Appends the batch's counts per (event, UTC hour) to event_counts_hourly. Plain inserts of
 * deltas: no batch ever waits for another's counter row (db/schema/rollups.ts). Readers sum.
 */
export async function appendHourlyCounts(
  tx: Db,
  projectId: number,
  stored: { eventId: number; timestamp: string }[],
): Promise<void> {
  const perHour = new Map<string, { e: number; h: string; n: number }>();
  for (const row of stored) {
    const hour = `${row.timestamp.slice(0, 13)}:00:00.000Z`;
    const key = `${row.eventId}|${hour}`;
    const bucket = perHour.get(key);
    if (bucket) bucket.n++;
    else perHour.set(key, { e: row.eventId, h: hour, n: 1 });
  }
  await tx.execute(sql`insert into event_counts_hourly (project_id, event_id, hour, count)
    select ${projectId}, e, h, n
    from jsonb_to_recordset(${JSON.stringify([...perHour.values()])}::jsonb) as r(e int, h timestamptz, n int)`);
}

/**
 * Folds the deltas of every key with more than one row into a single row, in one statement (the
 * deleted rows and their sum swap atomically, so a reader's sum never changes). Deltas inserted
 * meanwhile are not in this statement's snapshot and stay for the next run; two runs at once
 * each fold only the rows they deleted. Returns how many rows were folded.
 */
export async function compactRollups(db: Db): Promise<number> {
  const [result] = await rows<{ folded: number }>(
    db,
    sql`with keys as (
          select project_id, event_id, hour from event_counts_hourly
          group by 1, 2, 3 having count(*) > 1),
        folded as (
          delete from event_counts_hourly r using keys k
          where r.project_id = k.project_id and r.event_id = k.event_id and r.hour = k.hour
          returning r.project_id, r.event_id, r.hour, r.count),
        inserted as (
          insert into event_counts_hourly (project_id, event_id, hour, count)
          select project_id, event_id, hour, sum(count) from folded group by 1, 2, 3
          returning 1)
        select (select count(*) from folded)::int as folded`,
  );
  return result?.folded ?? 0;
}
