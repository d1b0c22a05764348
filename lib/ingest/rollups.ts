import { type SQL, sql } from "drizzle-orm";
import { type Db, insertRows, rows } from "@/db/connect";

/**
 * The insert of a batch's counts per (event, UTC hour) into event_counts_hourly. Plain inserts of
 * deltas: no batch ever waits for another's counter row (db/schema/rollups.ts). Readers sum.
 */
export function hourlyCountsInsert(
  projectId: number,
  stored: { eventId: number; timestamp: string }[],
  citus = false,
): SQL[] {
  const perHour = new Map<string, { e: number; h: string; n: number }>();
  for (const row of stored) {
    const hour = `${row.timestamp.slice(0, 13)}:00:00.000Z`;
    const key = `${row.eventId}|${hour}`;
    const bucket = perHour.get(key);
    if (bucket) bucket.n++;
    else perHour.set(key, { e: row.eventId, h: hour, n: 1 });
  }
  return insertRows(
    "event_counts_hourly",
    [
      ["project_id", "int"],
      ["event_id", "int"],
      ["hour", "timestamptz"],
      ["count", "int"],
    ],
    [...perHour.values()].map((r) => [projectId, r.e, r.h, r.n]),
    sql``,
    citus,
  );
}

// Any constant shared by every process: one compaction at a time across the whole deployment.
// Deletions that fold counts (lib/lifecycle/rollups.ts) take it too, so no fold races another.
export const COMPACTION_LOCK = 7_300_301;

/**
 * Folds every key that received deltas into a single row (delta = false), in one statement: the
 * deleted rows and their sum swap atomically, so a reader's sum never changes. Only keys with
 * deltas are visited (event_counts_hourly_delta_idx), so the cost follows what arrived since
 * the last run, not the table's size. Deltas inserted meanwhile are not in the statement's
 * snapshot and wait for the next run. A transaction-level advisory lock keeps runs from
 * overlapping (several app processes, or a slow run). Returns how many rows were folded.
 */
export async function compactRollups(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${COMPACTION_LOCK}) as ok`);
    if (!lock?.ok) return 0;
    const [result] = await rows<{ folded: number }>(
      tx,
      sql`with keys as (
            select distinct project_id, event_id, hour from event_counts_hourly where delta),
          folded as (
            delete from event_counts_hourly r using keys k
            where r.project_id = k.project_id and r.event_id = k.event_id and r.hour = k.hour
            returning r.project_id, r.event_id, r.hour, r.count),
          inserted as (
            insert into event_counts_hourly (project_id, event_id, hour, count, delta)
            select project_id, event_id, hour, sum(count), false from folded group by 1, 2, 3
            returning 1)
          select (select count(*) from folded)::int as folded`,
    );
    return result?.folded ?? 0;
  });
}
