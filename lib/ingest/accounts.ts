import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import type { NormalizedEvent } from "./types";

/**
 * Upserts the accounts a batch names (group calls and context.groupId), merges group traits in
 * message order, and records each person's membership. Returns groupId → account id.
 */
export async function upsertAccounts(
  tx: Db,
  projectId: number,
  events: NormalizedEvent[],
  personOf: Map<string, number>,
): Promise<Map<string, number>> {
  const traits = new Map<string, Record<string, unknown>>();
  const members = new Set<string>();
  for (const event of events) {
    if (!event.groupId) continue;
    traits.set(event.groupId, { ...(traits.get(event.groupId) ?? {}), ...(event.accountTraits ?? {}) });
    members.add(JSON.stringify([personOf.get(event.distinctId), event.groupId]));
  }
  if (traits.size === 0) return new Map();
  // Existing accounts are not touched unless traits change (a new row version would make every
  // concurrent batch naming the account wait for this one): ON CONFLICT DO NOTHING takes no row
  // lock, so the many batches naming a busy account (context.groupId) do not queue on it.
  const ids = [...traits.keys()].sort();
  await tx.execute(sql`insert into accounts (project_id, group_id)
    select ${projectId}, g from unnest(${sql.param(ids)}::text[]) as g
    on conflict (project_id, group_id) do nothing`);
  const withTraits = [...traits]
    .filter(([, t]) => Object.keys(t).length > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([g, t]) => ({ g, t }));
  if (withTraits.length > 0) {
    await tx.execute(sql`update accounts a set traits = a.traits || x.t, updated_at = now()
      from (select * from jsonb_to_recordset(${JSON.stringify(withTraits)}::jsonb) as r(g text, t jsonb) order by g) x
      where a.project_id = ${projectId} and a.group_id = x.g and not a.traits @> x.t`);
  }
  const found = await rows<{ id: string; group_id: string }>(
    tx,
    sql`select id, group_id from accounts
        where project_id = ${projectId} and group_id = any(${sql.param([...traits.keys()])}::text[])`,
  );
  const accountOf = new Map(found.map((row) => [row.group_id, Number(row.id)]));
  const memberships = [...members].map((pair) => {
    const [personId, groupId] = JSON.parse(pair) as [number, string];
    return { p: personId, a: accountOf.get(groupId) };
  });
  await tx.execute(sql`insert into account_members (project_id, person_id, account_id)
    select ${projectId}, p, a from jsonb_to_recordset(${JSON.stringify(memberships)}::jsonb) as x(p bigint, a bigint)
    on conflict do nothing`);
  return accountOf;
}

/** identify traits → person properties: later calls win; `$set_once` keys only fill gaps. */
export async function updatePersonProperties(
  tx: Db,
  events: NormalizedEvent[],
  personOf: Map<string, number>,
): Promise<void> {
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
  if (updates.size === 0) return;
  const payload = [...updates].sort(([a], [b]) => a - b).map(([id, u]) => ({ id, ...u }));
  await tx.execute(sql`update persons p set properties = x.once || p.properties || x.set, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id bigint, set jsonb, once jsonb)
    where p.id = x.id and x.once || p.properties || x.set is distinct from p.properties`);
}
