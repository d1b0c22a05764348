import { type SQL, sql } from "drizzle-orm";
import { insertRows, recordset } from "@/db/connect";
import type { Pipeline } from "@/db/pipeline";
import { type RowBatch, sendEveryRow } from "./stored-rows";
import type { NormalizedEvent } from "./types";

/**
 * Upserts the accounts a batch names (group calls and context.groupId) with their group traits
 * merged in message order, in one statement sent at the call. Returns how to read the answer,
 * groupId → account id: the caller does so once nothing it sent after this can be rolled back to
 * a savepoint, as what it reads may send more.
 */
export function upsertAccounts(
  p: Pipeline,
  projectId: number,
  events: NormalizedEvent[],
): () => Promise<Map<string, number>> {
  const traits = new Map<string, Record<string, unknown>>();
  for (const event of events) {
    if (!event.groupId) continue;
    traits.set(event.groupId, { ...(traits.get(event.groupId) ?? {}), ...(event.accountTraits ?? {}) });
  }
  if (traits.size === 0) return async () => new Map();
  const wanted = [...traits].sort(([a], [b]) => (a < b ? -1 : 1)).map(([g, t]) => ({ g, t }));
  // New accounts are inserted with their traits. Existing ones are not touched unless traits
  // change (a new row version would make every concurrent batch naming the account wait for this
  // one): ON CONFLICT DO NOTHING takes no row lock, so the many batches naming a busy account
  // (context.groupId) do not queue on it. The statement's reads do not see its own inserts, hence
  // the union; an account a concurrent batch inserted meanwhile is in neither, and handled below.
  const upserted = p.rows<{ id: string; group_id: string }>(
    sql`with wanted as (
          select g, t from ${recordset(wanted)} as r(g text, t jsonb)
        ), inserted as (
          insert into accounts (project_id, group_id, traits)
          select ${projectId}, g, t from wanted order by g
          on conflict (project_id, group_id) do nothing returning id, group_id
        ), updated as (
          update accounts a set traits = a.traits || w.t, updated_at = now()
          from (select * from wanted order by g) w
          where a.project_id = ${projectId} and a.group_id = w.g and not a.traits @> w.t
        )
        select id, group_id from inserted
        union all
        select id, group_id from accounts where project_id = ${projectId} and group_id in (select g from wanted)`,
  );
  return async () => {
    const accountOf = new Map((await upserted).map((row) => [row.group_id, Number(row.id)]));
    const late = wanted.filter(({ g }) => !accountOf.has(g));
    if (late.length === 0) return accountOf;
    // Inserted by a batch that committed while this one waited: now visible, so update and read.
    p.rows(sql`update accounts a set traits = a.traits || x.t, updated_at = now()
      from (select * from ${recordset(late)} as r(g text, t jsonb) order by g) x
      where a.project_id = ${projectId} and a.group_id = x.g and not a.traits @> x.t`);
    const more = await p.rows<{ id: string; group_id: string }>(
      sql`select id, group_id from accounts
          where project_id = ${projectId} and group_id = any(${sql.param(late.map(({ g }) => g))}::text[])`,
    );
    for (const row of more) accountOf.set(row.group_id, Number(row.id));
    return accountOf;
  };
}

/** The insert of each person's account memberships (null when the batch names no account). */
export function membershipsInsert(
  projectId: number,
  events: NormalizedEvent[],
  personOf: Map<string, number>,
  accountOf: Map<string, number>,
  citus = false,
  /** Memberships known stored are not sent again (./stored-rows.ts). */
  rows: RowBatch = sendEveryRow,
): SQL[] | null {
  const members = new Map<string, { p: number; a: number }>();
  for (const event of events) {
    if (!event.groupId) continue;
    const p = personOf.get(event.distinctId) as number;
    const a = accountOf.get(event.groupId) as number;
    const key = `m:${projectId}:${p}:${a}`;
    if (members.has(key) || rows.known(key)) continue;
    members.set(key, { p, a });
  }
  if (members.size === 0) return null;
  return insertRows(
    "account_members",
    [
      ["project_id", "int"],
      ["person_id", "bigint"],
      ["account_id", "bigint"],
    ],
    [...members.values()].map((m) => [projectId, m.p, m.a]),
    sql`on conflict do nothing`,
    citus,
  );
}

/** identify traits → person properties: later calls win; `$set_once` keys only fill gaps. */
export function personPropertiesUpdate(events: NormalizedEvent[], personOf: Map<string, number>): SQL | null {
  const updates = new Map<number, { set: Record<string, unknown>; once: Record<string, unknown> }>();
  for (const event of events) {
    if (!event.personSet && !event.personSetOnce) continue;
    const personId = personOf.get(event.distinctId) as number;
    const current = updates.get(personId) ?? { set: {}, once: {} };
    updates.set(personId, {
      set: { ...current.set, ...(event.personSet ?? {}) },
      once: { ...(event.personSetOnce ?? {}), ...current.once },
    });
  }
  if (updates.size === 0) return null;
  const payload = [...updates].sort(([a], [b]) => a - b).map(([id, u]) => ({ id, ...u }));
  return sql`update persons p set properties = x.once || p.properties || x.set, updated_at = now()
    from ${recordset(payload)} as x(id bigint, set jsonb, once jsonb)
    where p.id = x.id and x.once || p.properties || x.set is distinct from p.properties`;
}
