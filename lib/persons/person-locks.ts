import { type SQL, sql } from "drizzle-orm";

/**
 * Locks that keep a person from being merged or deleted while a batch attaches events to them.
 *
 * On single-node PostgreSQL these are row locks on `persons`: a batch reads its ids' persons
 * FOR KEY SHARE (lib/ingest/identity.ts), a merge or a deletion takes FOR UPDATE. Citus allows
 * row locks only in queries of one shard, and a batch's persons span them all, so on Citus the
 * same modes are transaction-level advisory locks on the coordinator (every session of the app is
 * a coordinator session): shared for a batch, exclusive for a merge or a deletion, one key per
 * person (ids past 2³¹ share a key with another id: more waiting, never less), always taken in
 * key order so two transactions never wait on each other in a cycle of these locks.
 */
export function personLocks(personIds: readonly number[], mode: "shared" | "exclusive"): SQL {
  const take = mode === "shared" ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
  return sql`select count(${take}(${PERSON_LOCK}, k.key)) as locked
    from (select distinct (id % 2147483647)::int as key from unnest(${sql.param([...personIds])}::bigint[]) id order by 1) k`;
}

/** The advisory lock space of persons (classid), apart from the migrations' single keys. */
const PERSON_LOCK = 7_364_203;
