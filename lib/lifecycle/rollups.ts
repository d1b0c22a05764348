import { type SQL, sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { COMPACTION_LOCK } from "@/lib/ingest/rollups";

/**
 * Waits for a running compaction (lib/ingest/rollups.ts) and keeps the next one out until the
 * transaction ends: a fold below and a compaction of the same key could otherwise leave a row of
 * count 0 behind, which the catalog would read as an hour holding an event.
 */
export async function lockRollups(tx: Db): Promise<void> {
  await rows(tx, sql`select pg_advisory_xact_lock(${COMPACTION_LOCK})`);
}

/**
 * CTEs that take deleted events off event_counts_hourly, for a statement that deletes them:
 * `removed` selects (event_id, hour, n), n events of event_id in that UTC hour. Each key is folded
 * like compactRollups does it: its rows visible to the statement are deleted and one folded row of
 * their sum minus n is written, or none when that is 0, so a key that lost all its events has no row
 * left (the catalog's first/last seen stay true). A delta a batch inserts meanwhile is not in the
 * statement's snapshot and stays. Adds the CTE `removed_hours`; call under lockRollups.
 */
export function subtractHourlyCounts(projectId: number, removed: SQL): SQL {
  return sql`removed_hours as (${removed}),
    counted as (
      delete from event_counts_hourly r using removed_hours x
      where r.project_id = ${projectId} and r.event_id = x.event_id and r.hour = x.hour
      returning r.event_id, r.hour, r.count),
    refolded as (
      insert into event_counts_hourly (project_id, event_id, hour, count, delta)
      select ${projectId}, x.event_id, x.hour, coalesce(c.total, 0) - x.n, false
      from removed_hours x
      left join (select event_id, hour, sum(count) as total from counted group by 1, 2) c
        on c.event_id = x.event_id and c.hour = x.hour
      where coalesce(c.total, 0) <> x.n
      returning 1)`;
}

/** The UTC hour of an event's timestamp, as event_counts_hourly keys it (lib/ingest/rollups.ts). */
export const utcHour = (timestamp: SQL) => sql`date_trunc('hour', ${timestamp} at time zone 'UTC') at time zone 'UTC'`;
