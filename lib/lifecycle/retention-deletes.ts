import { type SQL, sql } from "drizzle-orm";
import { onCitus } from "@/db/citus";
import { type Db, rows } from "@/db/connect";
import type { partitionFor } from "@/lib/ingest/partitions";
import type { RetentionTarget } from "./retention-targets";
import { lockRollups, subtractHourlyCounts, utcHour } from "./rollups";
import { countRows } from "./statements";

export type Partition = ReturnType<typeof partitionFor>;

/**
 * Batches of retention deletes, each one statement of at most `limit` rows picked by ctid from an
 * index range (then deleted by a TID scan), so no batch reads more than it deletes. The picks are
 * ordered by the index's column: the planner then walks the index (a plain index scan, which
 * skips the entries earlier batches killed) instead of a sequential or bitmap scan that would
 * read again the dead rows of every batch before it. Where an index
 * leads with (project_id, event_id, …), the range is taken per event name (a lateral join over
 * the project's event_definitions: at most 10,000 names, each one index probe) — there is no
 * index on (project_id, timestamp), and a filter on the second column would scan the project's
 * whole index on every batch.
 *
 * On Citus a row is picked by its key instead (Citus refuses a ctid condition in a distributed
 * DELETE, and a ctid means nothing across shards or a reference table's copies): events by (person,
 * id), person_days and ingest_issues by their primary keys, hourly counts by (name, hour), all of a
 * key's rows (compaction keeps one per key; a minute's deltas may add a few). The picks are one
 * query the coordinator cuts at `limit`, and the DELETE finds them in each shard.
 */

/** Hourly counts of hours wholly before the cutoff (event_counts_hourly_key_idx, per name). */
export async function deleteHourlyCounts(db: Db, t: RetentionTarget, limit: number): Promise<number> {
  const citus = await onCitus(db);
  return db.transaction(async (tx) => {
    await lockRollups(tx);
    const before = sql`project_id = ${t.projectId} and hour < ${t.cutoffHour}::timestamptz`;
    if (citus) {
      return countRows(
        tx,
        sql`delete from event_counts_hourly where ${before} and (event_id, hour) in (
              select event_id, hour from event_counts_hourly where ${before} group by 1, 2 order by 2, 1 limit ${limit})`,
      );
    }
    return countRows(
      tx,
      sql`delete from event_counts_hourly
          where ctid = any(array(
            select x.ctid from event_definitions d cross join lateral (
              select r.ctid from event_counts_hourly r
              where r.project_id = ${t.projectId} and r.event_id = d.id and r.hour < ${t.cutoffHour}::timestamptz
              order by r.hour limit ${limit}) x
            where d.project_id = ${t.projectId} limit ${limit}))
            and project_id = ${t.projectId} and hour < ${t.cutoffHour}::timestamptz`,
    );
  });
}

/** Active days before the cutoff's day (person_days_day_idx: project_id, day, person_id). */
export function deletePersonDays(db: Db, t: RetentionTarget, limit: number): Promise<number> {
  return deleteDaysBefore(db, "person_days", t.projectId, t.cutoffDay, limit);
}

/** Ingestion issue counts of UTC days of receipt before the cutoff's (primary key: project_id, day, …). */
export function deleteIngestIssues(db: Db, t: RetentionTarget, limit: number): Promise<number> {
  return deleteDaysBefore(db, "ingest_issues", t.projectId, t.cutoffUtcDay, limit);
}

/** At most `limit` rows of a (project_id, day, …)-keyed table with days before `day`. */
async function deleteDaysBefore(
  db: Db,
  table: "person_days" | "ingest_issues",
  projectId: number,
  day: string,
  limit: number,
): Promise<number> {
  const name = sql.raw(table); // one of the two names above, never input
  if (await onCitus(db)) {
    const key = sql.raw(table === "person_days" ? "person_id, day" : "day, event, reason");
    return countRows(
      db,
      sql`delete from ${name} where project_id = ${projectId} and day < ${day}::date and (${key}) in (
            select ${key} from ${name} where project_id = ${projectId} and day < ${day}::date order by day limit ${limit})`,
    );
  }
  return countRows(
    db,
    sql`delete from ${name}
        where ctid = any(array(
          select ctid from ${name} where project_id = ${projectId} and day < ${day}::date
          order by day limit ${limit}))
          and project_id = ${projectId} and day < ${day}::date`,
  );
}

/**
 * The project's expired events in one partition (events_event_time_idx of the partition, per
 * name). The hourly counts of hours before cutoffHour are gone already (deleted first); those of
 * the cutoff's own hour, which the cutoff may split (zones at :30 or :45 from UTC), are folded
 * down by the events deleted, in the same statement.
 */
export async function deleteExpiredEvents(
  db: Db,
  partition: Partition,
  t: RetentionTarget,
  limit: number,
): Promise<number> {
  const table = partitionTable(partition);
  const expired = sql`e.project_id = ${t.projectId} and e.timestamp < ${t.cutoff}::timestamptz`;
  const pick = (await onCitus(db))
    ? {
        doomed: sql`select e.person_id, e.id from ${table} e where ${expired} order by e.timestamp limit ${limit}`,
        picked: sql`(e.person_id, e.id) in (select person_id, id from doomed)`,
      }
    : {
        doomed: sql`select x.ctid from event_definitions d cross join lateral (
              select e.ctid from ${table} e
              where e.project_id = ${t.projectId} and e.event_id = d.id and e.timestamp < ${t.cutoff}::timestamptz
              order by e.timestamp limit ${limit}) x
            where d.project_id = ${t.projectId} limit ${limit}`,
        picked: sql`e.ctid = any(array(select ctid from doomed))`,
      };
  return db.transaction(async (tx) => {
    await lockRollups(tx);
    const [row] = await rows<{ n: number }>(
      tx,
      sql`with doomed as (${pick.doomed}),
          gone as (
            delete from ${table} e where ${pick.picked} and ${expired}
            returning e.event_id, e.timestamp),
          ${subtractHourlyCounts(
            t.projectId,
            sql`select event_id, ${utcHour(sql`timestamp`)} as hour, count(*) as n from gone
                where timestamp >= ${t.cutoffHour}::timestamptz group by 1, 2`,
          )}
          select (select count(*) from gone)::int as n`,
    );
    return row?.n ?? 0;
  });
}

/** Whether the partition holds any event of the project (one probe of either index). */
export async function hasEventsOf(db: Db, partition: Partition, projectId: number): Promise<boolean> {
  const [row] = await rows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from ${partitionTable(partition)} where project_id = ${projectId}) as found`,
  );
  return row?.found ?? false;
}

/** The partition as an identifier: its name is partitionFor's, checked again here before sql.raw. */
export function partitionTable(partition: Partition): SQL {
  if (!/^events_y\d{4}m\d{2}$/.test(partition.name)) throw new Error(`not an events partition: ${partition.name}`);
  return sql.raw(partition.name);
}
