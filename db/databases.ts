import pg from "pg";

/**
 * Making and dropping whole databases on a server, for tests and benchmarks: one on a single
 * PostgreSQL server, or, when the server is a Citus coordinator (its maintenance database has the
 * extension), the same database on every node with the extension in each and the nodes registered
 * in the coordinator's copy — a plain CREATE DATABASE on the coordinator makes a single-node one.
 */
export type Node = { host: string; port: number };

/** Creates `name` on the server of `serverUrl` (on every node on Citus); its URL and its workers. */
export async function createDatabase(
  serverUrl: string,
  name: string,
): Promise<{ url: string; workers: Node[] | null }> {
  const url = databaseUrl(serverUrl, name);
  const workers = await citusWorkers(serverUrl);
  await adminQuery(serverUrl, `create database ${pg.escapeIdentifier(name)}`);
  if (workers) await oneAtATime(serverUrl, () => addNodes(serverUrl, name, url, workers));
  return { url, workers };
}

/**
 * Registering nodes copies the roles to each worker: two databases made at once (test files run
 * in parallel) raced there ("tuple concurrently updated"), so one at a time per coordinator.
 */
async function oneAtATime<T>(serverUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(7300402)");
    return await work();
  } finally {
    await client.end(); // releases the lock
  }
}

/** The database on every worker with the extension, and the nodes registered in the coordinator's copy. */
async function addNodes(serverUrl: string, name: string, url: string, workers: Node[]) {
  for (const worker of workers) {
    await adminQuery(nodeUrl(serverUrl, worker, "postgres"), `create database ${pg.escapeIdentifier(name)}`);
    await adminQuery(nodeUrl(serverUrl, worker, name), "create extension citus");
  }
  const coordinator = new URL(url);
  await adminQuery(url, "create extension citus");
  await adminQuery(url, `select citus_set_coordinator_host('${coordinator.hostname}', ${Number(coordinator.port)})`);
  for (const worker of workers) await adminQuery(url, `select citus_add_node('${worker.host}', ${worker.port})`);
}

/** Drops `name` everywhere createDatabase made it (also when absent: harmless). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const workers = await citusWorkers(serverUrl);
  const drop = `drop database if exists ${pg.escapeIdentifier(name)} with (force)`;
  await adminQuery(serverUrl, drop);
  for (const worker of workers ?? []) await adminQuery(nodeUrl(serverUrl, worker, "postgres"), drop);
}

/** The workers of a Citus coordinator (the database of `serverUrl` has citus), or null. */
export async function citusWorkers(serverUrl: string): Promise<Node[] | null> {
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

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function nodeUrl(serverUrl: string, node: Node, database: string): string {
  const url = new URL(databaseUrl(serverUrl, database));
  url.hostname = node.host;
  url.port = String(node.port);
  return url.toString();
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
