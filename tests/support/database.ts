import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe } from "vitest";
import { type Database, openDatabase } from "@/db/connect";
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
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await runMigrations(database);
  return {
    ...database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export const driverName = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";

/** `describe` on native PostgreSQL only (what needs a second connection): absent on PGlite. */
export const describeOnPostgres = (name: string, tests: () => void) => {
  if (process.env.TEST_DATABASE_URL) describe(name, tests);
};
