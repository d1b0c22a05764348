import { execFileSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { createDatabase, databaseUrl, dropDatabase } from "@/db/databases";

/** The benchmark server's folder and port: apart from CI's and the app's. */
const BENCH_PG_DIR = "/tmp/loupe-bench-pg";

/**
 * The database a benchmark runs on: DATABASE_URL's server, or a throwaway PostgreSQL started from
 * the machine's binaries (.ci/postgres.sh, its own folder and port, kept between runs). A fresh
 * database each run, unless `keep`: then an existing one is reused (a generated data set).
 */
export async function benchDatabase(name: string, keep = false): Promise<{ url: string; stop(): void }> {
  let serverUrl = process.env.DATABASE_URL;
  let stop = () => {};
  if (!serverUrl) {
    const env = { ...process.env, LOUPE_PG_DIR: BENCH_PG_DIR, LOUPE_PG_PORT: "55433" };
    const url = "postgres://postgres@127.0.0.1:55433/postgres";
    // Already running (another benchmark is using it): use it, and leave it running afterwards.
    if (!(await reachable(url))) {
      // The server's folder outlives a run (it holds generated data sets): start it again if it exists.
      const again = fs.existsSync(`${BENCH_PG_DIR}/PG_VERSION`);
      execFileSync("bash", [".ci/postgres.sh", again ? "start-again" : "start"], { env, encoding: "utf8" });
      // Stopped afterwards only if no other benchmark has connected to it meanwhile.
      stop = () => {
        const others = execFileSync(
          "psql",
          [
            url,
            "-Atqc",
            "select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
          ],
          { encoding: "utf8" },
        ).trim();
        if (others === "0") execFileSync("bash", [".ci/postgres.sh", "stop"], { env });
        else console.log("(the benchmark PostgreSQL stays up: another run is using it)");
      };
    }
    serverUrl = url;
  }
  const server = serverUrl;
  const exists = await withClient(
    server,
    async (admin) => (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1,
  );
  if (keep && exists) return { url: databaseUrl(server, name), stop };
  // On a Citus coordinator, on every node with the extension (db/databases.ts).
  await dropDatabase(server, name);
  return { url: (await createDatabase(server, name)).url, stop };
}

/** The server's data directory (SHOW data_directory needs superuser or pg_read_all_settings). */
export function dataDirectory(url: string): Promise<string> {
  return withClient(url, (client) =>
    client.query("show data_directory").then(
      (result) => result.rows[0]?.data_directory ?? "",
      () => "",
    ),
  );
}

function reachable(url: string): Promise<boolean> {
  return withClient(url, async () => true, 2_000).catch(() => false);
}

/** One connection for `work`, closed afterwards whatever happens. */
async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function postgresSettings(url: string): Promise<Record<string, string>> {
  const names = [
    "server_version",
    "shared_buffers",
    "work_mem",
    "max_parallel_workers_per_gather",
    "jit",
    "synchronous_commit",
    "maintenance_work_mem",
    "effective_cache_size",
    "random_page_cost",
  ];
  // current_setting() shows values with their unit as configured ("1GB", "64MB").
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      "select name, current_setting(name) as value from pg_settings where name = any($1) order by name",
      [names],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  });
}

type StatementStat = { statement: string; calls: number; total_ms: number; mean_ms: number };

/** pg_stat_statements, when the server preloads it: reset before a timed run, read after. */
export function statementStats(url: string, action: "reset" | "read") {
  return withClient(url, async (client) => {
    await client.query("create extension if not exists pg_stat_statements");
    if (action === "reset") {
      await client.query("select pg_stat_statements_reset()");
      return [];
    }
    const { rows } = await client.query(
      `select left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as statement, calls,
              round(total_exec_time)::int as total_ms, round((total_exec_time / calls)::numeric, 2)::float as mean_ms
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
       order by total_exec_time desc limit 12`,
    );
    return rows as StatementStat[];
  }).catch(() => [] as StatementStat[]); // Not preloaded here.
}
