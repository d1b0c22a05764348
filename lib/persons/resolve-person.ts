import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { keyedHash } from "@/lib/ingest/privacy/apply";
import { getHashKey } from "@/lib/projects/secrets";

export type ResolvedPerson = { personId: number; matchedBy: "distinct_id" | "person_id" | "merged_person_id" };

/**
 * The person an id names: a distinct id of theirs first (a numeric userId is a distinct id; an
 * email is also tried as its keyed hash, which is how ingestion stored it: decision 0003), else a
 * person id — one merged away answers the person it was merged into (person_merges). Null when
 * the project has no such person.
 */
export async function resolvePerson(
  db: Db,
  projectId: number,
  id: string,
  hashKey: string,
): Promise<ResolvedPerson | null> {
  const numeric = /^\d{1,18}$/.test(id) ? id : null;
  const hashed = keyedHash(hashKey, id);
  const [row] = await rows<{ person_id: string; matched_by: ResolvedPerson["matchedBy"] }>(
    db,
    sql`select person_id::text, 'distinct_id' as matched_by, 1 as rank from person_distinct_ids
          where project_id = ${projectId} and distinct_id = any(${sql.param([id, hashed])}::text[])
        union all
        select id::text, 'person_id', 2 from persons where project_id = ${projectId} and id = ${numeric}::bigint
        union all
        select to_person_id::text, 'merged_person_id', 3 from person_merges
          where project_id = ${projectId} and from_person_id = ${numeric}::bigint
        order by rank limit 1`,
  );
  return row ? { personId: Number(row.person_id), matchedBy: row.matched_by } : null;
}

/** resolvePerson's person id alone (reads the project's hash key: not in a read-only transaction). */
export async function resolvePersonId(db: Db, projectId: number, id: string): Promise<number | null> {
  return (await resolvePerson(db, projectId, id, await getHashKey(db, projectId)))?.personId ?? null;
}
