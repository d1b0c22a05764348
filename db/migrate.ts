import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { distributeSchema, isCitus } from "./citus";
import { type Database, rows } from "./connect";

export const migrationsFolder = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "db/migrations");

// Any constant: serializes migrations of several app instances starting at once on one server.
const MIGRATION_LOCK = 7_364_201;

export async function runMigrations(database: Database): Promise<void> {
  if (database.driver === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await migratePg(tx as unknown as NodePgDatabase, { migrationsFolder });
  });
  // On Citus the same schema is then placed on the cluster (db/citus.ts); new tables once made.
  if (await isCitus(database)) await distributeSchema(database);
}

type Journal = { entries: { idx: number; when: number; tag: string }[] };

/** Applied vs known migrations, for /api/health. */
export async function migrationStatus(database: Database) {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as Journal;
  const latest = journal.entries.at(-1);
  let applied: { created_at: string | number }[] = [];
  try {
    applied = await rows(
      database.db,
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
  } catch {
    // No migration table yet: nothing applied.
  }
  const appliedWhen = applied[0] ? Number(applied[0].created_at) : null;
  return {
    known: journal.entries.length,
    latest: latest?.tag ?? null,
    current: latest ? appliedWhen === latest.when : true,
  };
}
