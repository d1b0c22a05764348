import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";

/**
 * The person an id names: a distinct id of theirs first (a numeric userId is a distinct id), else a
 * person id — one merged away answers the person it was merged into (person_merges). Null when
 * the project has no such person.
 */
export async function resolvePersonId(db: Db, projectId: number, id: string): Promise<number | null> {
  const numeric = /^\d{1,18}$/.test(id) ? id : null;
  const [row] = await rows<{ person_id: string }>(
    db,
    sql`select person_id::text, 1 as rank from person_distinct_ids where project_id = ${projectId} and distinct_id = ${id}
        union all
        select id::text, 2 from persons where project_id = ${projectId} and id = ${numeric}::bigint
        union all
        select to_person_id::text, 3 from person_merges where project_id = ${projectId} and from_person_id = ${numeric}::bigint
        order by rank limit 1`,
  );
  return row ? Number(row.person_id) : null;
}
