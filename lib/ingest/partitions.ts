import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";

/** Monthly partition of `events` holding an instant: `events_y2026m11` for November 2026 (UTC). */
export function partitionFor(timestamp: string): { name: string; from: string; to: string } {
  const date = new Date(timestamp);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  // setUTCFullYear, not Date.UTC: that one reads years 0–99 as 1900–1999.
  const from = new Date(0);
  from.setUTCFullYear(year, month, 1);
  const to = new Date(0);
  to.setUTCFullYear(year, month + 1, 1);
  const name = `events_y${String(year).padStart(4, "0")}m${String(month + 1).padStart(2, "0")}`;
  return { name, from: from.toISOString(), to: to.toISOString() };
}

// Partitions known to exist, per database handle: creating one is DDL, so it is done at most
// once per month per process, outside the ingestion transaction.
const known = new WeakMap<Db, Set<string>>();

export async function ensurePartitions(db: Db, timestamps: Iterable<string>): Promise<void> {
  let existing = known.get(db);
  if (!existing) {
    existing = new Set(await partitionNames(db));
    known.set(db, existing);
  }
  const needed = new Map<string, ReturnType<typeof partitionFor>>();
  const months = new Set<string>();
  for (const timestamp of timestamps) {
    // Normalized timestamps are ISO UTC ("2026-11-22T…Z"): the first 7 characters name the month.
    const month = timestamp.slice(0, 7);
    if (months.has(month)) continue;
    months.add(month);
    const partition = partitionFor(timestamp);
    if (!existing.has(partition.name)) needed.set(partition.name, partition);
  }
  for (const partition of needed.values()) {
    await createPartition(db, partition);
    existing.add(partition.name);
  }
}

/**
 * CREATE TABLE … PARTITION OF, tolerant of concurrency: another process may create the same
 * partition at the same moment (duplicate, or a deadlock on the parent's lock). After any failure
 * the catalog says whether the partition exists; if not, try again.
 */
async function createPartition(db: Db, partition: ReturnType<typeof partitionFor>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      // The name is generated from two integers, never from input: safe as an identifier.
      await db.execute(
        sql.raw(
          `create table if not exists ${partition.name} partition of events
           for values from ('${partition.from}') to ('${partition.to}')`,
        ),
      );
      return;
    } catch (error) {
      const [found] = await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from pg_class where relname = ${partition.name}`,
      );
      if ((found?.n ?? 0) > 0) return;
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

async function partitionNames(db: Db): Promise<string[]> {
  const found = await rows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'events'::regclass`,
  );
  return found.map((row) => row.name);
}

const PARTITION_NAME = /^events_y(\d{4})m(\d{2})$/;

/**
 * The monthly partitions of `events`, oldest first, with their bounds read back from their names
 * (partitionFor's). A table attached by hand under another name is not listed, so nothing
 * outside this module's naming is ever dropped (lib/lifecycle/retention.ts).
 */
export async function listPartitions(db: Db): Promise<ReturnType<typeof partitionFor>[]> {
  const partitions = [];
  for (const name of await partitionNames(db)) {
    const match = PARTITION_NAME.exec(name);
    if (match) partitions.push(partitionFor(`${match[1]}-${match[2]}-01T00:00:00Z`));
  }
  return partitions.sort((a, b) => a.from.localeCompare(b.from));
}

/** Forgets the partitions known to this process, after some were dropped (read again on next use). */
export function forgetPartitions(db: Db): void {
  known.delete(db);
}

/**
 * An insert into `events` found no partition for a row: one was dropped since this process looked.
 * PostgreSQL says check_violation; Citus relays the shard's error from its COPY as internal_error.
 */
export function isMissingPartition(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  const message = `${e.message ?? ""} ${e.cause?.message ?? ""}`;
  return (code === "23514" || code === "XX000") && message.includes("no partition of relation");
}
