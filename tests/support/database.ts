import { randomBytes } from "node:crypto";
import { describe } from "vitest";
import { type Database, openDatabase } from "@/db/connect";
import { citusWorkers, createDatabase, dropDatabase } from "@/db/databases";
import { runMigrations } from "@/db/migrate";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server of TEST_DATABASE_URL (created here, dropped by `drop`).
 */
export async function createTestDatabase(): Promise<Database & { url?: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: "memory://" });
    await runMigrations(database);
    return { ...database, drop: () => database.close() };
  }
  const name = `loupe_test_${randomBytes(6).toString("hex")}`;
  const { url, workers } = await createDatabase(serverUrl, name);
  // Few shards: a test's rows fit in any number, and each shard is a table on a worker.
  if (workers) process.env.LOUPE_CITUS_SHARDS ??= "4";
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await runMigrations(database);
  return {
    ...database,
    url,
    drop: async () => {
      await database.close();
      await dropDatabase(serverUrl, name);
    },
  };
}

export const onCitus = async (serverUrl = process.env.TEST_DATABASE_URL) =>
  serverUrl ? (await citusWorkers(serverUrl)) !== null : false;

export const driverName = process.env.TEST_DATABASE_URL ? (process.env.TEST_CITUS ? "Citus" : "PostgreSQL") : "PGlite";

/** `describe` on native PostgreSQL only (what needs a second connection): absent on PGlite. */
export const describeOnPostgres = (name: string, tests: () => void) => {
  if (process.env.TEST_DATABASE_URL) describe(name, tests);
};
