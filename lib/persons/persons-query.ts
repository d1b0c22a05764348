import { type SQL, sql } from "drizzle-orm";
import { buildWhere, escapeLike } from "@/lib/analytics/filters";
import type { PersonListParams } from "./params";

const SORT_COLUMN = { last_seen: "s.last_seen", first_seen: "s.first_seen", event_count: "s.event_count" } as const;

export type PersonsQueryInput = {
  projectId: number;
  params: PersonListParams;
  /** The search text as ingestion would have hashed it (an email id: decision 0003). */
  hashedSearch: string | null;
  /** Whether a search may match emails (callers with access to personal data). */
  searchEmails?: boolean;
  /** The `did` event's id (-1 for a name never seen: nobody did it). */
  didEventId: number | null;
};

/**
 * One page of the people list: persons by their activity (person_stats), newest activity first
 * (or first seen, or most events), keyset on (sort key, person id), `limit + 1` rows so the caller
 * knows whether a page follows.
 *
 * - `search`: a distinct id equal to it or starting with it (person_distinct_ids' primary key, C
 *   collation: a prefix is an index range), an email equal to it or starting with it in any case
 *   (persons_email_idx), the keyed hash of either (ids and emails hashed at ingestion), or the
 *   person id. Each is an index probe: persons are never scanned.
 * - `did` (+ `from`, `to`): persons with an event of that name in the range, one probe of
 *   events_person_time_idx (person, time; event_id included) per candidate.
 * - `where`: person properties and account traits (lib/analytics/filters.ts).
 * Indexes: person_stats_last_seen_idx for the default order; the other orders sort the project's
 * person_stats rows (narrow: ~60 ms per million).
 */
export function buildPersonsQuery({
  projectId,
  params,
  hashedSearch,
  didEventId,
  searchEmails = true,
}: PersonsQueryInput): SQL {
  const key = sql.raw(SORT_COLUMN[params.sort]);
  const conditions: SQL[] = [sql`s.project_id = ${projectId}`];
  if (params.search)
    conditions.push(sql`s.person_id in (${searchCandidates(projectId, params.search, hashedSearch, searchEmails)})`);
  if (didEventId !== null) {
    conditions.push(sql`exists (select 1 from events e
      where e.project_id = ${projectId} and e.person_id = s.person_id and e.event_id = ${didEventId}
        ${params.from ? sql`and e.timestamp >= ${params.from}::timestamptz` : sql``}
        ${params.to ? sql`and e.timestamp < ${params.to}::timestamptz` : sql``})`);
  }
  if (params.where?.length) {
    conditions.push(buildWhere(params.where, { persons: "p", personId: sql`s.person_id`, projectId }));
  }
  if (params.cursor) {
    const [value, id] = params.cursor;
    const typed = params.sort === "event_count" ? sql`${Number(value)}::bigint` : sql`${String(value)}::timestamptz`;
    conditions.push(sql`(${key}, s.person_id) < (${typed}, ${id}::bigint)`);
  }
  const join = params.where?.length ? sql`join persons p on p.id = s.person_id` : sql``;
  return sql`select s.person_id::text as id,
      ${params.sort === "event_count" ? sql`s.event_count::float8` : sql`to_char(${key} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`} as key
    from person_stats s ${join}
    where ${sql.join(conditions, sql` and `)}
    order by ${key} desc, s.person_id desc
    limit ${params.limit + 1}`;
}

function searchCandidates(projectId: number, search: string, hashed: string | null, emails: boolean): SQL {
  const prefix = `${escapeLike(search)}%`;
  const exact = hashed ? [search, hashed] : [search];
  const numeric = /^\d{1,18}$/.test(search) ? search : null;
  const byEmail = emails
    ? sql`union
    select id from persons
      where project_id = ${projectId}
        and (lower(properties ->> 'email') like ${prefix.toLowerCase()}
             or lower(properties ->> 'email') = any(${sql.param(exact.map((e) => e.toLowerCase()))}::text[]))`
    : sql``;
  return sql`select person_id from person_distinct_ids
      where project_id = ${projectId} and (distinct_id like ${prefix} or distinct_id = any(${sql.param(exact)}::text[]))
    ${byEmail}
    union
    select id from persons where project_id = ${projectId} and id = ${numeric}::bigint`;
}
