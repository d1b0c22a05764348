import { type SQL, sql } from "drizzle-orm";
import { isoUtc } from "@/lib/analytics/common";
import { escapeLike } from "@/lib/analytics/filters";
import type { AccountListParams } from "./params";

/** Each sort's key over the `acc` rows below, and whether more comes first. */
const SORT: Record<AccountListParams["sort"], { key: string; descending: boolean }> = {
  last_seen: { key: "coalesce(acc.last_seen, '-infinity'::timestamptz)", descending: true },
  members: { key: "acc.members", descending: true },
  events: { key: "acc.events", descending: true },
  plan: { key: "coalesce(acc.traits ->> 'plan', '')", descending: false },
};

/**
 * One page of the accounts list: each account with its current members (membership at query
 * time, DESIGN §3), their latest event and their events (person_stats), keyset on (sort key, id).
 * `search`: a groupId or a `name` trait starting with it, any case for the name
 * (accounts_project_group_key in C collation, accounts_name_idx). Accounts are a small table:
 * the aggregate over their memberships is one pass of account_members_account_idx.
 */
export function buildAccountsQuery(projectId: number, params: AccountListParams): SQL {
  const { key, descending } = SORT[params.sort];
  const order = sql.raw(descending ? "desc" : "asc");
  const search = params.search
    ? sql`and (a.group_id like ${`${escapeLike(params.search)}%`}
              or lower(a.traits ->> 'name') like ${`${escapeLike(params.search.toLowerCase())}%`})`
    : sql``;
  const after = params.cursor
    ? sql`where (${sql.raw(key)}, acc.id) ${sql.raw(descending ? "<" : ">")} (${cursorValue(params)}, ${params.cursor[1]}::bigint)`
    : sql``;
  return sql`with acc as (
      select a.id, a.group_id, a.traits, count(m.person_id)::int as members,
        max(s.last_seen) as last_seen, coalesce(sum(s.event_count), 0)::float8 as events
      from accounts a
      left join account_members m on m.project_id = a.project_id and m.account_id = a.id
      left join person_stats s on s.project_id = m.project_id and s.person_id = m.person_id
      where a.project_id = ${projectId} ${search}
      group by a.id)
    select acc.id::text as id, acc.group_id as "groupId", acc.traits, acc.members, acc.events,
      ${isoUtc(sql`acc.last_seen`)} as "lastSeen",
      ${sql.raw(key)}::text as key
    from acc ${after}
    order by ${sql.raw(key)} ${order}, acc.id ${order}
    limit ${params.limit + 1}`;
}

function cursorValue(params: AccountListParams): SQL {
  const value = params.cursor?.[0];
  switch (params.sort) {
    case "last_seen":
      return sql`${String(value)}::timestamptz`;
    case "members":
    case "events":
      return sql`${Number(value)}::float8`;
    case "plan":
      return sql`${String(value)}::text`;
  }
}
