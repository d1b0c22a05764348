import { type SQL, sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";

/** Runs a delete (or insert) without RETURNING and answers how many rows it touched. */
export async function countRows(db: Db, statement: SQL): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`with touched as (${statement} returning 1) select count(*)::int as n from touched`,
  );
  return row?.n ?? 0;
}
