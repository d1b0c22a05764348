import { sql } from "drizzle-orm";
import { onCitus } from "@/db/citus";
import { type Db, rows, sameDriver } from "@/db/connect";
import { type Partition, partitionTable } from "./retention-deletes";

/**
 * The projects with events in a partition, without reading them: a loose index scan (each step
 * one probe of the partition's index for the next project_id), so the cost is the number of
 * projects, not of rows. On Citus (which runs a recursive CTE only within one person's shard)
 * the distinct projects of the partition, each shard grouping its own rows.
 */
export async function projectsIn(db: Db, partition: Partition): Promise<number[]> {
  const table = partitionTable(partition);
  if (await onCitus(db)) {
    const found = await rows<{ id: number }>(db, sql`select project_id as id from ${table} group by 1 order by 1`);
    return found.map((row) => row.id);
  }
  const found = await rows<{ id: number }>(
    db,
    sql`with recursive present as (
          (select project_id as id from ${table} order by project_id limit 1)
          union all
          select (select e.project_id from ${table} e where e.project_id > present.id order by e.project_id limit 1)
          from present where present.id is not null)
        select id from present where id is not null`,
  );
  return found.map((row) => row.id);
}

/** How long a drop waits for the lock on `events` before leaving the partition to the next call. */
const LOCK_TIMEOUT = "1s";

/**
 * Drops a whole partition if `expired` still says so of the projects it holds. DROP needs an
 * ACCESS EXCLUSIVE lock on `events` itself; it is taken first, with a short lock timeout, so a
 * long analysis delays the drop (answered "busy") instead of every query queueing behind it.
 * Under that lock no insert can reach the partition, so the projects are read again and the
 * check is exact: an import into the month by a project that keeps it prevents the drop.
 */
export async function dropPartition(
  db: Db,
  partition: Partition,
  expired: (projectIds: number[]) => boolean,
): Promise<"dropped" | "kept" | "busy"> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('lock_timeout', ${LOCK_TIMEOUT}, true)`);
      await tx.execute(sql`lock table only events in access exclusive mode`);
      if (!expired(await projectsIn(sameDriver(tx, db), partition))) return "kept";
      await tx.execute(sql`drop table ${partitionTable(partition)}`);
      return "dropped";
    });
  } catch (error) {
    const e = error as { code?: string; cause?: { code?: string } };
    if ((e.code ?? e.cause?.code) === "55P03") return "busy"; // lock_not_available
    throw error;
  }
}
