import { execFileSync } from "node:child_process";
import pg from "pg";

/**
 * The database a benchmark runs on: DATABASE_URL's server, or a throwaway PostgreSQL started from
 * the machine's binaries (.ci/postgres.sh, its own folder and port). A fresh database each run.
 */
export async function benchDatabase(name: string): Promise<{ url: string; stop(): void }> {
  let serverUrl = process.env.DATABASE_URL;
  let stop = () => {};
  if (!serverUrl) {
    const env = { ...process.env, LOUPE_PG_DIR: "/tmp/loupe-bench-pg", LOUPE_PG_PORT: "55433" };
    const out = execFileSync("bash", [".ci/postgres.sh", "start"], { env, encoding: "utf8" });
    serverUrl = /LOUPE_PG_URL=(\S+)/.exec(out)?.[1];
    if (!serverUrl) throw new Error("could not start PostgreSQL");
    stop = () => execFileSync("bash", [".ci/postgres.sh", "stop"], { env });
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop };
}

export async function postgresSettings(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const names = [
    "server_version",
    "shared_buffers",
    "work_mem",
    "max_parallel_workers_per_gather",
    "jit",
    "synchronous_commit",
  ];
  const { rows } = await client.query("select name, setting, unit from pg_settings where name = any($1)", [names]);
  await client.end();
  return Object.fromEntries(rows.map((r) => [r.name, `${r.setting}${r.unit ?? ""}`]));
}
