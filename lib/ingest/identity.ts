import { getTableColumns, sql } from "drizzle-orm";
import { recordset, valuesLists } from "@/db/connect";
import type { Pipeline } from "@/db/pipeline";
import { events as eventsTable, personStatsFirstColumns } from "@/db/schema";
import { personLocks } from "@/lib/persons/person-locks";
import { firstColumnsOnConflict } from "./person-stats";
import type { NormalizedEvent } from "./types";

/** A concurrent batch claimed a new distinct id or a person first: the identity plan is made again. */
export class IdentityConflict extends Error {
  readonly retryable = true;
}

type Node = { personId: number | null; identified: boolean; parent: Node | null };

/** A known distinct id of the batch and its person (person_distinct_ids ⋈ persons). */
export type KnownId = { distinct_id: string; person_id: string; is_identified: boolean };

/**
 * Resolves every distinct id of a batch to a person, applying the batch's identity operations in
 * order (DESIGN §4, docs/architecture.md#identity):
 * - link (userId + anonymousId on one message): the anonymous person joins the user's person,
 *   unless it is already identified as someone else (shared devices never merge two users);
 * - alias(previousId → userId): merges, unless both are identified persons already stored.
 * Two identified persons are never merged by a message (a write key is public: that would let
 * anyone move one user's history onto another); such messages are stored, their merge refused
 * and reported (`refused`), and an admin may merge them (lib/persons/merge-persons.ts).
 * Merged persons have their events, ids and memberships moved, so analyses need no join.
 * The persons of existing mappings are KEY SHARE-locked (readKnownIds): batches do not block each
 * other, but a merge (which takes FOR UPDATE on the persons it merges) waits for every batch still
 * attaching ids or events to them, so it cannot miss any; a batch arriving during a merge plans
 * again after it. The writes (claims, new persons and ids, merges) are sent together, in a
 * savepoint; when a concurrent batch claimed an id or a person first, only they are undone and
 * planned again from a fresh read.
 */
export async function resolvePersons(
  p: Pipeline,
  projectId: number,
  events: NormalizedEvent[],
  firstRead: Promise<KnownId[]>,
): Promise<{ personOf: Map<string, number>; refused: Set<NormalizedEvent> }> {
  let known = await firstRead;
  let savepoint = false;
  for (let attempt = 1; ; attempt++) {
    const plan = planPersons(known, events);
    const resolved = () => ({ personOf: plan.personOf(), refused: plan.refused });
    if (plan.claiming.length + plan.newIds.length + plan.merges.length === 0) return resolved();
    if (!savepoint) {
      // Kept (not released) until the transaction ends: every conflict rolls back to it.
      p.rows(sql`savepoint identity`);
      savepoint = true;
    }
    try {
      await applyPlan(p, projectId, plan);
      return resolved();
    } catch (error) {
      if (!(error instanceof IdentityConflict) || attempt >= MAX_PLANS) throw error;
      p.rows(sql`rollback to savepoint identity`);
      // A fresh read (READ COMMITTED) sees what the other batch committed while this one waited.
      known = await readKnownIds(p, projectId, events);
    }
  }
}

/** Every distinct id the events use or name, sorted (the order locks are taken in). */
export function idsOf(events: NormalizedEvent[]): string[] {
  const all = new Set<string>();
  for (const event of events) {
    all.add(event.distinctId);
    const op = event.identity;
    if (op?.kind === "link") all.add(op.anonymousId).add(op.userId);
    if (op?.kind === "alias") all.add(op.previousId).add(op.userId);
  }
  return [...all].sort();
}

/** Sends the read of the events' known ids, KEY SHARE-locking their persons. */
export function readKnownIds(p: Pipeline, projectId: number, events: NormalizedEvent[]): Promise<KnownId[]> {
  if (p.citus) return readKnownIdsOnCitus(p, projectId, idsOf(events));
  // One index probe per id (the lateral subquery, kept apart by `offset 0`), then one per person:
  // as a plain join with `= any(…)` the planner scanned both tables whole for a batch's thousand
  // ids while they held under ~100k rows (33 ms against 11 ms at 50k persons; docs/benchmarks.md),
  // a cost that grew with the tables until it switched plans.
  return p.rows<KnownId>(
    sql`select d.distinct_id, d.person_id, p.is_identified
        from unnest(${sql.param(idsOf(events))}::text[]) as u(id)
        cross join lateral (
          select distinct_id, person_id from person_distinct_ids
          where project_id = ${projectId} and distinct_id = u.id offset 0) d
        join persons p on p.id = d.person_id
        order by d.distinct_id for key share of p`,
  );
}

/**
 * The same on Citus, where distinct ids are placed by distinct id and persons by person (no join
 * between them runs in one shard) and row locks span one shard only: read the ids, take the shared
 * person locks (lib/persons/person-locks.ts), read again; a merge that committed in between moved
 * some ids to a person not locked yet, so lock that one too and read again. Once every person read
 * is locked no merge or deletion can change them before this transaction ends.
 */
async function readKnownIdsOnCitus(p: Pipeline, projectId: number, ids: string[]): Promise<KnownId[]> {
  const readIds = () =>
    p.rows<{ distinct_id: string; person_id: string }>(
      sql`select distinct_id, person_id from person_distinct_ids
          where project_id = ${projectId} and distinct_id = any(${sql.param(ids)}::text[]) order by distinct_id`,
    );
  const locked = new Set<number>();
  let mapped = await readIds();
  for (;;) {
    const unlocked = [...new Set(mapped.map((row) => Number(row.person_id)))].filter((id) => !locked.has(id));
    if (unlocked.length === 0) break;
    p.rows(personLocks(unlocked, "shared"));
    for (const id of unlocked) locked.add(id);
    mapped = await readIds();
  }
  const persons = await p.rows<{ id: string; is_identified: boolean }>(
    sql`select id, is_identified from persons where id = any(${sql.param([...locked])}::bigint[])`,
  );
  const identified = new Map(persons.map((row) => [Number(row.id), row.is_identified]));
  return mapped
    .filter((row) => identified.has(Number(row.person_id)))
    .map((row) => ({ ...row, is_identified: identified.get(Number(row.person_id)) === true }));
}

const MAX_PLANS = 5;

type Plan = {
  /** Persons this batch makes identified (claimed), new persons, ids to map, merges. */
  claiming: number[];
  newRoots: Node[];
  newIds: string[];
  merges: { src: Node; dst: Node }[];
  /** Events whose identity operation would have merged two identified persons. */
  refused: Set<NormalizedEvent>;
  /** The batch's ids sent as a userId (person_distinct_ids.is_user_id: how a person is named). */
  userIds: Set<string>;
  root: (id: string) => Node;
  personOf: () => Map<string, number>;
};

/** Applies the batch's operations in memory to what is known of its ids. */
function planPersons(existing: KnownId[], events: NormalizedEvent[]): Plan {
  const idsUsedAsUser = new Set<string>();
  for (const event of events) {
    if (event.identified) idsUsedAsUser.add(event.distinctId);
    if (event.identity) idsUsedAsUser.add(event.identity.userId);
  }
  const sortedIds = idsOf(events);
  // One node per existing person and per new distinct id; identity operations union them.
  const personNodes = new Map<number, Node>();
  const wasIdentified = new Map<number, boolean>();
  const nodeOf = new Map<string, Node>();
  for (const row of existing) {
    const personId = Number(row.person_id);
    let node = personNodes.get(personId);
    if (!node) {
      node = { personId, identified: row.is_identified, parent: null };
      personNodes.set(personId, node);
      wasIdentified.set(personId, row.is_identified);
    }
    nodeOf.set(row.distinct_id, node);
  }
  const newIds = sortedIds.filter((id) => !nodeOf.has(id));
  for (const id of newIds) {
    nodeOf.set(id, { personId: null, identified: idsUsedAsUser.has(id), parent: null });
  }
  const root = (id: string) => find(nodeOf.get(id) as Node);

  const refused = new Set<NormalizedEvent>();
  for (const event of events) {
    const op = event.identity;
    if (!op) continue;
    const user = root(op.userId);
    const other = root(op.kind === "link" ? op.anonymousId : op.previousId);
    if (user === other) continue;
    // link: the anonymous id is identified as someone else, now or earlier in this batch (a
    // shared device). alias: both are identified persons already stored (a hijack, or a mistake);
    // an id new to Loupe may still be named after an identified person.
    const existingIdentified = (node: Node) => node.identified && node.personId !== null;
    const refuse = op.kind === "link" ? other.identified : existingIdentified(other) && existingIdentified(user);
    if (refuse) {
      refused.add(event);
      continue;
    }
    union(other, user);
  }

  const claiming = [...personNodes.values()]
    .filter((node) => find(node) === node && node.identified && !wasIdentified.get(node.personId as number))
    .map((node) => node.personId as number)
    .sort((a, b) => a - b);
  const newRoots = [...new Set(newIds.map(root))].filter((node) => node.personId === null);
  const merges = [...personNodes.values()]
    .filter((node) => find(node) !== node)
    .map((node) => ({ src: node, dst: find(node) }));
  return {
    claiming,
    newRoots,
    newIds,
    merges,
    refused,
    userIds: idsUsedAsUser,
    root,
    personOf: () => new Map(sortedIds.map((id) => [id, root(id).personId as number])),
  };
}

/**
 * Sends the plan's writes together and checks their answers in order: a conflict throws, and the
 * caller rolls all of them back to the savepoint.
 */
async function applyPlan(p: Pipeline, projectId: number, plan: Plan): Promise<void> {
  const { claiming, newRoots, newIds, merges, root, userIds } = plan;
  // An existing person this batch identifies is claimed first, by a conditional update that waits
  // for any concurrent batch doing the same. The loser finds it claimed and plans again, then sees
  // a device someone else identified on (a shared device: its user gets a person of their own).
  const claimed =
    claiming.length > 0
      ? p.rows<{ id: string }>(
          sql`update persons set is_identified = true, updated_at = now()
              where id = any(${sql.param(claiming)}::bigint[]) and not is_identified returning id`,
        )
      : null;

  // New persons for new roots and the mapping of every new id, in one statement; person ids come
  // from the sequence in root order, so they map back exactly.
  let made: Promise<{ inserted: number; ids: [number, number | string][] }[]> | null = null;
  if (newIds.length > 0) {
    const rootIndex = new Map(newRoots.map((node, k) => [node, k]));
    const roots = newRoots.map((node, k) => ({ k, i: node.identified }));
    const mapping = newIds.map((d) => {
      const node = root(d);
      return { d, p: node.personId, k: node.personId === null ? rootIndex.get(node) : null, u: userIds.has(d) };
    });
    made = p.citus
      ? makePersonsOnCitus(p, projectId, roots, mapping)
      : p.rows(
          sql`with roots as (
            select x.k, x.i, nextval('persons_id_seq') as id
            from ${recordset(roots)} as x(k int, i boolean)
          ), made as (
            insert into persons (id, project_id, is_identified) select id, ${projectId}, i from roots
          ), mapped as (
            insert into person_distinct_ids (project_id, distinct_id, person_id, is_user_id)
            select ${projectId}, m.d, coalesce(m.p, r.id), m.u
            from ${recordset(mapping)} as m(d text, p bigint, k int, u boolean)
            left join roots r on r.k = m.k order by m.d
            on conflict do nothing returning distinct_id
          )
          select (select count(*) from mapped)::int as inserted,
                 coalesce((select jsonb_agg(jsonb_build_array(k, id)) from roots), '[]'::jsonb) as ids`,
        );
  }

  // On Citus the new persons' inserts are sent once their ids are read: before the merge's
  // statements, as the single statement is elsewhere.
  if (p.citus && made) await made;
  // Merges are between existing persons only (union keeps an existing person over a new one).
  const merged =
    merges.length > 0
      ? mergePersons(
          p,
          projectId,
          merges.map(({ src, dst }) => ({ src: src.personId as number, dst: dst.personId as number })),
        )
      : null;

  if (claimed && (await claimed).length < claiming.length) {
    throw new IdentityConflict("a person was identified concurrently");
  }
  if (made) {
    const [result] = await made;
    if ((result?.inserted ?? 0) < newIds.length) throw new IdentityConflict("distinct id claimed concurrently");
    for (const [k, id] of result?.ids ?? []) (newRoots[k] as Node).personId = Number(id);
  }
  if (merged) await merged;
}

/**
 * applyPlan's new persons on Citus: their ids from the sequence first, then both inserts as
 * VALUES, which go to the shards directly (an INSERT … SELECT goes through the coordinator:
 * db/connect.ts#valuesLists). The same answer as the one-statement form.
 */
async function makePersonsOnCitus(
  p: Pipeline,
  projectId: number,
  roots: { k: number; i: boolean }[],
  mapping: { d: string; p: number | null; k: number | null | undefined; u: boolean }[],
): Promise<{ inserted: number; ids: [number, number | string][] }[]> {
  const ids =
    roots.length > 0
      ? await p.rows<{ id: string }>(
          sql`select nextval('persons_id_seq')::text as id from generate_series(1, ${roots.length})`,
        )
      : [];
  const idOf = (k: number) => ids[k]?.id as string;
  for (const list of valuesLists(
    roots.map((r) => [idOf(r.k), projectId, r.i]),
    ["bigint", "int", "boolean"],
  )) {
    p.rows(sql`insert into persons (id, project_id, is_identified) ${list}`);
  }
  const mapped = [...mapping]
    .sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0))
    .map((m) => [projectId, m.d, m.p ?? idOf(m.k as number), m.u]);
  const inserted = await Promise.all(
    valuesLists(mapped, ["int", "text", "bigint", "boolean"]).map((list) =>
      p.rows<{ n: number }>(
        sql`with mapped as (
              insert into person_distinct_ids (project_id, distinct_id, person_id, is_user_id) ${list}
              on conflict do nothing returning distinct_id)
            select count(*)::int as n from mapped`,
      ),
    ),
  );
  return [
    {
      inserted: inserted.reduce((sum, [row]) => sum + (row?.n ?? 0), 0),
      ids: roots.map((r) => [r.k, idOf(r.k)]),
    },
  ];
}

function find(node: Node): Node {
  let top = node;
  while (top.parent) top = top.parent;
  return top;
}

/** `from` joins `into`; an existing person always survives a new one so no rows need moving. */
function union(from: Node, into: Node): void {
  const [loser, winner] = from.personId !== null && into.personId === null ? [into, from] : [from, into];
  loser.parent = winner;
  winner.identified ||= loser.identified;
}

/** Moves everything of each `src` person to its `dst` person, then deletes `src` (sent together). */
export async function mergePersons(
  p: Pipeline,
  projectId: number,
  merges: { src: number; dst: number }[],
): Promise<void> {
  const pairs = sql`(select * from ${recordset(merges)} as m(src bigint, dst bigint))`;
  const sources = merges.map((m) => m.src);
  // Wait for batches still attaching ids or events to these persons (they hold KEY SHARE locks
  // taken by readKnownIds): once we hold these locks, the statements after it see all of it.
  const involved = [...new Set(merges.flatMap((m) => [m.src, m.dst]))].sort((a, b) => a - b);
  if (p.citus) p.rows(personLocks(involved, "exclusive"));
  const locked = p.rows<{ id: string }>(
    p.citus
      ? sql`select id from persons where id = any(${sql.param(involved)}::bigint[])`
      : sql`select id from persons where id = any(${sql.param(involved)}::bigint[]) order by id for update`,
  );
  p.rows(sql`update person_distinct_ids d set person_id = m.dst from ${pairs} m
    where d.project_id = ${projectId} and d.person_id = m.src`);
  if (p.citus) {
    // A distribution column is never updated in place on Citus: the rows move to the shard of
    // their new person, deleted and inserted again in this transaction (ids and all else kept).
    const columns = sql.raw(EVENT_COLUMNS.join(", "));
    const moved = sql.raw(EVENT_COLUMNS.map((c) => (c === "person_id" ? "m.dst" : `x.${c}`)).join(", "));
    p.rows(sql`with x as (
        delete from events e using ${pairs} m
        where e.project_id = ${projectId} and e.person_id = m.src returning e.*)
      insert into events (${columns}) select ${moved} from x join ${pairs} m on m.src = x.person_id`);
  } else {
    p.rows(sql`update events e set person_id = m.dst from ${pairs} m
      where e.project_id = ${projectId} and e.person_id = m.src`);
  }
  // The surviving person's properties win; the merged ones fill the gaps.
  p.rows(sql`update persons t set properties = s.props || t.properties,
      is_identified = t.is_identified or s.identified, updated_at = now()
    from (select m.dst, coalesce(jsonb_object_agg(kv.key, kv.value) filter (where kv.key is not null), '{}') as props,
                 bool_or(p.is_identified) as identified
          from ${pairs} m join persons p on p.id = m.src
          left join lateral jsonb_each(p.properties) kv on true group by m.dst) s
    where t.id = s.dst`);
  // Activity: the earliest first (its first event's columns: the least of each among the rows
  // at that instant), the latest last, the events summed.
  const firsts = personStatsFirstColumns.map((c) => `first_${c}`);
  p.rows(sql`insert into person_stats (project_id, person_id, first_seen, last_seen, event_count, ${sql.raw(firsts.join(", "))})
    with g as (select m.dst, min(s.first_seen) as earliest from person_stats s join ${pairs} m on s.person_id = m.src
               where s.project_id = ${projectId} group by m.dst)
    select ${projectId}, m.dst, min(s.first_seen), max(s.last_seen), sum(s.event_count),
      ${sql.raw(firsts.map((c) => `min(s.${c}) filter (where s.first_seen = g.earliest)`).join(", "))}
    from person_stats s join ${pairs} m on s.person_id = m.src join g on g.dst = m.dst
    where s.project_id = ${projectId} group by m.dst
    on conflict (project_id, person_id) do update set
      ${firstColumnsOnConflict()},
      first_seen = least(person_stats.first_seen, excluded.first_seen),
      last_seen = greatest(person_stats.last_seen, excluded.last_seen),
      event_count = person_stats.event_count + excluded.event_count`);
  p.rows(sql`delete from person_stats where project_id = ${projectId}
    and person_id = any(${sql.param(sources)}::bigint[])`);
  // Active days: the union.
  p.rows(sql`insert into person_days (project_id, person_id, day)
    select ${projectId}, m.dst, d.day from person_days d join ${pairs} m on d.person_id = m.src
    where d.project_id = ${projectId} order by 2, 3 on conflict do nothing`);
  p.rows(sql`delete from person_days where project_id = ${projectId}
    and person_id = any(${sql.param(sources)}::bigint[])`);
  p.rows(sql`insert into account_members (project_id, person_id, account_id, joined_at)
    select a.project_id, m.dst, a.account_id, a.joined_at from account_members a join ${pairs} m on a.person_id = m.src
    where a.project_id = ${projectId} on conflict do nothing`);
  p.rows(sql`delete from account_members where project_id = ${projectId}
    and person_id = any(${sql.param(sources)}::bigint[])`);
  p.rows(sql`update person_merges pm set to_person_id = m.dst from ${pairs} m
    where pm.project_id = ${projectId} and pm.to_person_id = m.src`);
  p.rows(sql`insert into person_merges (project_id, from_person_id, to_person_id)
    select ${projectId}, src, dst from ${pairs} m on conflict do nothing`);
  const deleted = p.rows(
    sql`delete from persons where project_id = ${projectId} and id = any(${sql.param(sources)}::bigint[])`,
  );
  // A concurrent batch merged one of them away after we read it: start over from fresh state.
  if ((await locked).length < involved.length) throw new IdentityConflict("a person was merged concurrently");
  await deleted;
}

/** Every column of events, for moving a merged person's rows on Citus. */
const EVENT_COLUMNS = Object.values(getTableColumns(eventsTable)).map((column) => column.name);
