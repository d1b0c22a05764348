import { sql } from "drizzle-orm";
import { onCitus } from "@/db/citus";
import { type Db, sameDriver } from "@/db/connect";

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Runs an analysis in a READ ONLY transaction with a statement timeout (DESIGN §8): a dashboard
 * query can neither write nor hold the database for long, whatever SQL a bug might produce.
 */
export async function readOnly<T>(db: Db, run: (tx: Db) => Promise<T>): Promise<T> {
  await onCitus(db); // marks db (and so tx) for the query builders that read citusMarked
  const timeoutMs = Number(process.env.LOUPE_QUERY_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    // set_config(…, true) is SET LOCAL with a bound value.
    await tx.execute(sql`select set_config('statement_timeout', ${String(Math.max(1, Math.floor(timeoutMs)))}, true)`);
    return run(sameDriver(tx as unknown as Db, db));
  });
}
