import "server-only";
import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { isoUtc } from "@/lib/analytics/common";
import { readOnly } from "@/lib/analytics/read-only";
import { ApiError } from "@/lib/http/errors";
import type { Project } from "@/lib/projects/projects";
import { getHashKey } from "@/lib/projects/secrets";
import type { TimelineParams } from "./params";
import { type PiiAccess, refusePiiProbes, showPii } from "./pii";
import { type ResolvedPerson, resolvePerson } from "./resolve-person";
import { readTimeline, type Timeline } from "./timeline";

export type PersonProfile = {
  id: string;
  /** How the id asked for named this person (an id merged away answers the person it went to). */
  matchedBy: ResolvedPerson["matchedBy"];
  isIdentified: boolean;
  properties: Record<string, unknown>;
  distinctIds: string[];
  accounts: { groupId: string; name: string | null; plan: string | null }[];
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
  /** Events by name, most first. */
  eventCounts: { event: string; count: number }[];
};

/** GET …/persons/{id}: `id` is a distinct id, a person id, or a person id merged away. */
export async function getPerson(db: Db, project: Project, id: string, access: PiiAccess): Promise<PersonProfile> {
  // Without access, an email does not name a person: 200 or 404 would say whether they exist.
  refusePiiProbes(null, access, id);
  const hashKey = await getHashKey(db, project.id);
  return readOnly(db, async (tx) => {
    const resolved = await requirePerson(tx, project, id, hashKey);
    const personId = resolved.personId;
    const [person] = await rows<Omit<PersonProfile, "matchedBy" | "eventCounts" | "accounts" | "distinctIds">>(
      tx,
      sql`select p.id::text as id, p.is_identified as "isIdentified", p.properties,
            ${isoUtc(sql`s.first_seen`)} as "firstSeen", ${isoUtc(sql`s.last_seen`)} as "lastSeen",
            coalesce(s.event_count, 0)::float8 as "eventCount"
          from persons p left join person_stats s on s.project_id = p.project_id and s.person_id = p.id
          where p.project_id = ${project.id} and p.id = ${personId}`,
    );
    const ids = await rows<{ distinct_id: string }>(
      tx,
      sql`select distinct_id from person_distinct_ids where project_id = ${project.id} and person_id = ${personId}
          order by created_at desc, distinct_id limit 1000`,
    );
    const accounts = await rows<PersonProfile["accounts"][number]>(
      tx,
      sql`select a.group_id as "groupId", a.traits ->> 'name' as name, a.traits ->> 'plan' as plan
          from account_members m join accounts a on a.id = m.account_id
          where m.project_id = ${project.id} and m.person_id = ${personId} order by a.group_id`,
    );
    // Index-only: events_person_time_idx holds event_id.
    const eventCounts = await rows<{ event: string; count: number }>(
      tx,
      sql`select d.name as event, c.n::float8 as count
          from (select event_id, count(*) as n from events where project_id = ${project.id} and person_id = ${personId} group by 1) c
          join event_definitions d on d.id = c.event_id order by c.n desc, d.name`,
    );
    return showPii(
      {
        ...(person as Omit<PersonProfile, "matchedBy" | "eventCounts" | "accounts" | "distinctIds">),
        matchedBy: resolved.matchedBy,
        distinctIds: ids.map((row) => row.distinct_id),
        accounts,
        eventCounts,
      },
      access,
    );
  });
}

/** GET …/persons/{id}/events: the person's timeline (timeline.ts), for any id of theirs. */
export async function getPersonEvents(
  db: Db,
  project: Project,
  id: string,
  params: TimelineParams,
  access: PiiAccess,
): Promise<Timeline> {
  refusePiiProbes(params, access, id);
  const hashKey = await getHashKey(db, project.id);
  return readOnly(db, async (tx) => {
    const { personId } = await requirePerson(tx, project, id, hashKey);
    return readTimeline(tx, project.id, sql`select ${personId}::bigint as person_id`, params, access);
  });
}

async function requirePerson(db: Db, project: Project, id: string, hashKey: string): Promise<ResolvedPerson> {
  const resolved = await resolvePerson(db, project.id, id, hashKey);
  if (!resolved) throw new ApiError(404, "person_not_found", `No person "${id}" in this project.`);
  return resolved;
}
