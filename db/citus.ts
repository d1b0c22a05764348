import { sql } from "drizzle-orm";
import { citusMarked, type Database, type Db, driverOf, markCitus, pipelinePoolOf, rows } from "./connect";

/**
 * Where each table lives on Citus (docs/architecture.md#scaling-out-on-citus). The migrations are
 * the same on single-node PostgreSQL and on Citus; on Citus, `distributeSchema` then places every
 * table the migrations made, once (it skips what is already placed, so it runs after every migrate).
 *
 * - `person`: distributed by the person id and colocated with `persons`, so everything an analysis
 *   does per person (a funnel's window, a retention member's days, a timeline) runs inside a shard.
 * - `distributed`: distributed by its own lookup key, which its primary key holds (Citus requires it).
 * - `reference`: small tables copied to every node, joinable with anything on any column.
 */
export const citusPlacement = {
  persons: { kind: "person", column: "id" },
  events: { kind: "person", column: "person_id" },
  person_stats: { kind: "person", column: "person_id" },
  person_days: { kind: "person", column: "person_id" },
  account_members: { kind: "person", column: "person_id" },
  person_merges: { kind: "person", column: "from_person_id" },
  // Looked up by distinct id at ingestion (its primary key is the identity guarantee).
  person_distinct_ids: { kind: "distributed", column: "distinct_id" },
  // Exactly-once: looked up by message id, one row per message ever accepted.
  ingest_message_ids: { kind: "distributed", column: "message_id" },
  // Append-only deltas summed by readers; grouped and filtered by event name.
  event_counts_hourly: { kind: "distributed", column: "event_id" },
  projects: { kind: "reference" },
  project_secrets: { kind: "reference" },
  api_keys: { kind: "reference" },
  event_definitions: { kind: "reference" },
  accounts: { kind: "reference" },
  deploys: { kind: "reference" },
  deploy_impacts: { kind: "reference" },
  ingest_issues: { kind: "reference" },
  ingest_minutes: { kind: "reference" },
  person_merge_log: { kind: "reference" },
  suppressed_ids: { kind: "reference" },
  audit_log: { kind: "reference" },
  users: { kind: "reference" },
  sessions: { kind: "reference" },
  auth_accounts: { kind: "reference" },
  verifications: { kind: "reference" },
  invitations: { kind: "reference" },
  project_members: { kind: "reference" },
  instance_secrets: { kind: "reference" },
  sign_in_failures: { kind: "reference" },
} as const satisfies Record<string, { kind: "person" | "distributed"; column: string } | { kind: "reference" }>;

/** Whether this database runs Citus: the extension is installed in it, or LOUPE_CITUS=on asks for it. */
export async function isCitus(database: Database, env = process.env): Promise<boolean> {
  if (database.driver !== "pg") {
    if (env.LOUPE_CITUS === "on") throw new Error("LOUPE_CITUS=on needs DATABASE_URL (a Citus coordinator)");
    return false;
  }
  const [found] = await rows<{ installed: boolean }>(
    database.db,
    sql`select exists (select 1 from pg_extension where extname = 'citus') as installed`,
  );
  if (found?.installed) return true;
  if (env.LOUPE_CITUS === "on") {
    throw new Error(
      "LOUPE_CITUS=on but the citus extension is not installed in this database: CREATE EXTENSION citus on the coordinator (and register the workers) first",
    );
  }
  return false;
}

/**
 * Places every table of citusPlacement that is not placed yet: reference tables first (the person
 * tables' foreign keys point at them), then `persons`, then the tables colocated with it. Each call
 * is its own transaction: Citus copies a table's existing rows into its shards when it places it.
 * Shard count: LOUPE_CITUS_SHARDS, or Citus' own `citus.shard_count` (32).
 */
export async function distributeSchema(database: Database, env = process.env): Promise<string[]> {
  const shards = env.LOUPE_CITUS_SHARDS ? Number(env.LOUPE_CITUS_SHARDS) : null;
  if (shards !== null && !(Number.isInteger(shards) && shards >= 1 && shards <= 1024)) {
    throw new Error(`LOUPE_CITUS_SHARDS must be a whole number from 1 to 1024, not ${env.LOUPE_CITUS_SHARDS}`);
  }
  const entries = Object.entries(citusPlacement);
  const order = [
    ...entries.filter(([, p]) => p.kind === "reference"),
    ...entries.filter(([name]) => name === "persons"),
    ...entries.filter(([name, p]) => p.kind !== "reference" && name !== "persons"),
  ];
  // One transaction under the migrations' lock: app instances starting together place each table once.
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PLACEMENT_LOCK})`);
    if (shards !== null) await tx.execute(sql.raw(`set local citus.shard_count = ${shards}`));
    const placed = new Set(
      (await rows<{ name: string }>(tx, sql`select logicalrelid::regclass::text as name from pg_dist_partition`)).map(
        (r) => r.name,
      ),
    );
    const done: string[] = [];
    for (const [table, placement] of order) {
      if (placed.has(table)) continue;
      if (placement.kind === "reference") {
        await tx.execute(sql`select create_reference_table(${table})`);
      } else {
        const colocate = placement.kind === "person" && table !== "persons" ? "persons" : "default";
        await tx.execute(
          sql`select create_distributed_table(${table}, ${placement.column}, colocate_with => ${colocate})`,
        );
      }
      done.push(table);
    }
    return done;
  });
}

const PLACEMENT_LOCK = 7_364_202;

const citusOf = new WeakMap<object, Promise<boolean>>();

/** Whether `db` is a Citus coordinator: asked once per connection pool, then remembered (and marked on `db`). */
export async function onCitus(db: Db): Promise<boolean> {
  if (citusMarked(db)) return true;
  if (driverOf(db) === "pglite") return false;
  const key = pipelinePoolOf(db) ?? db;
  let known = citusOf.get(key);
  if (!known) {
    known = rows<{ installed: boolean }>(
      db,
      sql`select exists (select 1 from pg_extension where extname = 'citus') as installed`,
    ).then(([row]) => row?.installed === true);
    known.catch(() => citusOf.delete(key)); // asked again after an outage
    citusOf.set(key, known);
  }
  const citus = await known;
  if (citus) markCitus(db);
  return citus;
}
