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
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const workers = await citusWorkers(serverUrl);
  await adminQuery(serverUrl, `create database ${name}`);
  if (workers) await addCitusDatabase(url, workers);
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await runMigrations(database);
  return {
    ...database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
      for (const worker of workers ?? [])
        await adminQuery(nodeUrl(serverUrl, worker), `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery<T = Record<string, unknown>>(url: string, statement: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows as T[];
  } finally {
    await client.end();
  }
}

type Node = { host: string; port: number };

/** The workers of a Citus coordinator (TEST_DATABASE_URL's database has citus), or null. */
async function citusWorkers(serverUrl: string): Promise<Node[] | null> {
  const [citus] = await adminQuery<{ on: boolean }>(
    serverUrl,
    "select exists (select 1 from pg_extension where extname = 'citus') as on",
  );
  if (!citus?.on) return null;
  return adminQuery<Node>(
    serverUrl,
    "select nodename as host, nodeport as port from pg_dist_node where groupid <> 0 and noderole = 'primary' order by nodeport",
  );
}

const nodeUrl = (serverUrl: string, node: Node, database?: string) => {
  const url = new URL(serverUrl);
  url.hostname = node.host;
  url.port = String(node.port);
  if (database) url.pathname = `/${database}`;
  return url.toString();
};

/**
 * A Citus database is one database on every node with the extension in each, and the nodes
 * registered in the coordinator's copy (a plain CREATE DATABASE makes a single-node one).
 * Few shards: a test's rows fit in any number, and each shard is a table on a worker.
 */
async function addCitusDatabase(url: URL, workers: Node[]) {
  const name = url.pathname.slice(1);
  for (const worker of workers) {
    await adminQuery(nodeUrl(url.toString(), worker, "postgres"), `create database ${name}`);
    await adminQuery(nodeUrl(url.toString(), worker), "create extension citus");
  }
  await adminQuery(url.toString(), "create extension citus");
  await adminQuery(url.toString(), `select citus_set_coordinator_host('${url.hostname}', ${Number(url.port)})`);
  for (const worker of workers) {
    await adminQuery(url.toString(), `select citus_add_node('${worker.host}', ${worker.port})`);
  }
  process.env.LOUPE_CITUS_SHARDS ??= "4";
}

export const onCitus = async (serverUrl = process.env.TEST_DATABASE_URL) =>
  serverUrl ? (await citusWorkers(serverUrl)) !== null : false;

export const driverName = process.env.TEST_DATABASE_URL ? (process.env.TEST_CITUS ? "Citus" : "PostgreSQL") : "PGlite";

/** `describe` on native PostgreSQL only (what needs a second connection): absent on PGlite. */
export const describeOnPostgres = (name: string, tests: () => void) => {
  if (process.env.TEST_DATABASE_URL) describe(name, tests);
};
