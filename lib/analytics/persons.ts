import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { type PiiAccess, showPii } from "@/lib/persons/pii";
import { isoUtc } from "./common";
import { keysetPage } from "./cursor";

/**
 * A person as every list of persons shows one — the people list, and each chart's drilldown — so
 * a list looks and links the same wherever it comes from. `displayName` is the `name` property,
 * else `email`, else a distinct id sent as a userId (the newest), else the newest distinct id.
 */
export type PersonSummary = {
  id: string;
  displayName: string;
  /** Up to 5 distinct ids, userIds first, newest first; `distinctIdCount` says how many there are. */
  distinctIds: string[];
  distinctIdCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
};

const SHOWN_IDS = 5;

/** The summaries of `ids`, in the order given (ids of no person are left out). */
export async function personSummaries(
  db: Db,
  projectId: number,
  ids: number[],
  access: PiiAccess,
): Promise<PersonSummary[]> {
  if (ids.length === 0) return [];
  // Two reads: distinct ids are placed by distinct id on Citus, never joined with persons.
  const [found, shown] = await Promise.all([
    rows<
      Omit<PersonSummary, "displayName" | "distinctIds" | "distinctIdCount"> & {
        name: string | null;
        email: string | null;
      }
    >(
      db,
      sql`select p.id::text as id, p.properties ->> 'name' as name, p.properties ->> 'email' as email,
            ${isoUtc(sql`s.first_seen`)} as "firstSeen", ${isoUtc(sql`s.last_seen`)} as "lastSeen",
            coalesce(s.event_count, 0)::float8 as "eventCount"
          from persons p
          left join person_stats s on s.project_id = p.project_id and s.person_id = p.id
          where p.project_id = ${projectId} and p.id = any(${sql.param(ids)}::bigint[])`,
    ),
    rows<{ person: string; id: string; n: number }>(
      db,
      sql`select person::text, id, n::int from (
            select person_id as person, distinct_id as id, count(*) over w as n,
              row_number() over (w order by is_user_id desc, created_at desc, distinct_id) as k
            from person_distinct_ids
            where project_id = ${projectId} and person_id = any(${sql.param(ids)}::bigint[])
            window w as (partition by person_id)) d
          where k <= ${SHOWN_IDS} order by person, k`,
    ),
  ]);
  const idsOf = new Map<string, { distinctIds: string[]; distinctIdCount: number }>();
  for (const row of shown) {
    const entry = idsOf.get(row.person) ?? { distinctIds: [], distinctIdCount: row.n };
    entry.distinctIds.push(row.id);
    idsOf.set(row.person, entry);
  }
  const byId = new Map(found.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const found = byId.get(String(id));
    if (!found) return [];
    const row = { ...found, ...(idsOf.get(found.id) ?? { distinctIds: [], distinctIdCount: 0 }) };
    const { name, email, ...summary } = row;
    return [
      showPii({ ...summary, displayName: name ?? email ?? summary.distinctIds[0] ?? `person ${summary.id}` }, access),
    ];
  });
}

/** An account in a drilldown list: its group id and name. */
export type AccountSummary = { groupId: string; name: string | null };

/**
 * A drilldown page of units (persons, or accounts for unit accounts), in the order given, each
 * with what the analysis adds to it (`extra`: a funnel's step times, a retention cell's moments).
 */
export async function unitSummaries<T extends object>(
  db: Db,
  projectId: number,
  unit: "persons" | "accounts",
  page: { id: string; extra: T }[],
  access: PiiAccess,
): Promise<{ persons: (PersonSummary & T)[]; accounts: (AccountSummary & T)[] }> {
  const extraOf = new Map(page.map((row) => [row.id, row.extra]));
  if (unit === "accounts") {
    const found = await rows<{ id: string; groupId: string; name: string | null }>(
      db,
      sql`select id::text, group_id as "groupId", traits ->> 'name' as name from accounts
          where project_id = ${projectId} and id = any(${sql.param(page.map((row) => row.id))}::bigint[])`,
    );
    const byId = new Map(found.map((row) => [row.id, row]));
    return {
      persons: [],
      accounts: page.map((row) => {
        const account = byId.get(row.id);
        return showPii({ groupId: account?.groupId ?? row.id, name: account?.name ?? null, ...row.extra }, access);
      }),
    };
  }
  const summaries = await personSummaries(
    db,
    projectId,
    page.map((row) => Number(row.id)),
    access,
  );
  return { persons: summaries.map((s) => ({ ...s, ...(extraOf.get(s.id) as T) })), accounts: [] };
}

/** Persons, each with how many of the events counted they did (a trend point's, a deploy change's). */
export type CountedPersons = { persons: (PersonSummary & { events: number })[]; nextCursor: string | null };

/** A keyset page of counted persons from `limit + 1` rows `{p: person id, events}` ordered by person id. */
export async function countedPersonsPage(
  db: Db,
  projectId: number,
  page: { p: string; events: number }[],
  limit: number,
  access: PiiAccess,
): Promise<CountedPersons> {
  const { shown, nextCursor } = keysetPage(page, limit, (last) => [Number(last.p)]);
  const units = await unitSummaries(
    db,
    projectId,
    "persons",
    shown.map((row) => ({ id: row.p, extra: { events: row.events } })),
    access,
  );
  return { persons: units.persons, nextCursor };
}
