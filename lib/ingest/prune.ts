import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";

/** How long a messageId is remembered for deduplication (at least the 7 days DESIGN asks). */
export const DEDUP_WINDOW_DAYS = 30;
const CHUNK = 10_000;

/**
 * Forgets message ids received more than `days` ago, in chunks so no transaction holds many row
 * locks (index ingest_message_ids_received_idx). Returns how many were removed.
 */
export async function pruneMessageIds(db: Db, days = DEDUP_WINDOW_DAYS): Promise<number> {
  let removed = 0;
  for (;;) {
    const deleted = await rows<{ n: number }>(
      db,
      sql`with old as (
            select project_id, message_id from ingest_message_ids
            where received_at < now() - make_interval(days => ${days}) limit ${CHUNK})
          delete from ingest_message_ids m using old
          where m.project_id = old.project_id and m.message_id = old.message_id
          returning 1 as n`,
    );
    removed += deleted.length;
    if (deleted.length < CHUNK) return removed;
  }
}
