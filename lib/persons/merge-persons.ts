import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { pipelined } from "@/db/pipeline";
import { ApiError } from "@/lib/http/errors";
import { mergePersons } from "@/lib/ingest/identity";
import { resolvePersonId } from "./resolve-person";

export type MergeRecord = {
  from: { personId: number; distinctIds: string[] };
  into: { personId: number };
  eventsMoved: number;
  mergedBy: string;
  mergedAt: string;
};

/**
 * An admin's merge of two persons, identified or not (messages never merge two identified persons:
 * lib/ingest/identity.ts): everything of `from` — events, ids, memberships, properties where
 * `into` has none — moves to `into`, and person_merge_log records who did it, when, which ids
 * and how many events moved. `from` and `into` are distinct ids (or person ids). There is no
 * unmerge: the log says what to undo by hand.
 */
export async function mergePersonsByAdmin(
  db: Db,
  projectId: number,
  input: { from: string; into: string; by: string },
): Promise<MergeRecord> {
  const from = await personOf(db, projectId, input.from, "from");
  const into = await personOf(db, projectId, input.into, "into");
  if (from === into)
    throw new ApiError(409, "same_person", `"${input.from}" and "${input.into}" are one person already.`);
  return pipelined(db, async (p) => {
    const facts = p.rows<{ ids: string[]; events: number }>(
      sql`select (select coalesce(array_agg(distinct_id order by distinct_id), '{}') from person_distinct_ids
                  where project_id = ${projectId} and person_id = ${from}) as ids,
                 (select count(*)::int from events where project_id = ${projectId} and person_id = ${from}) as events`,
    );
    await mergePersons(p, projectId, [{ src: from, dst: into }]);
    const [{ ids = [], events = 0 } = {}] = await facts;
    const [logged] = await p.rows<{ merged_at: string | Date }>(
      sql`insert into person_merge_log (project_id, from_person_id, to_person_id, merged_by, distinct_ids, events_moved)
          values (${projectId}, ${from}, ${into}, ${input.by}, ${sql.param(ids)}::text[], ${events})
          returning merged_at`,
    );
    return {
      from: { personId: from, distinctIds: ids },
      into: { personId: into },
      eventsMoved: events,
      mergedBy: input.by,
      mergedAt: new Date(logged?.merged_at ?? Date.now()).toISOString(),
    };
  });
}

async function personOf(db: Db, projectId: number, id: string, field: "from" | "into"): Promise<number> {
  const person = await resolvePersonId(db, projectId, id);
  if (person === null)
    throw new ApiError(404, "person_not_found", `${field}: no person "${id}" in this project.`, { field });
  return person;
}
