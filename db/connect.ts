import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type Logger, type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema";

/** The one query layer: drizzle over `pg` (production) or PGlite (embedded), same SQL. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Driver = "pg" | "pglite";

export type Database = {
  db: Db;
  driver: Driver;
  /** Where the data lives: the data folder for PGlite, host/db for pg (no password). */
  location: string;
  close(): Promise<void>;
};

export type ConnectOptions = {
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
  /** Sees every statement and its parameters (native PostgreSQL): the benchmarks EXPLAIN them. */
  logger?: Logger;
};

/** Rows of a raw query, whichever driver ran it (both answer `{ rows }`). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Many rows as one JSON parameter, for `from ${recordset(rows)} as x(a int, b text)`: one round
 * trip on both drivers. `json`, not `jsonb`: PostgreSQL reads the text once instead of building a
 * jsonb value first, which made the events insert cost ~35 % less server CPU (docs/benchmarks.md).
 */
export function recordset(values: readonly object[]): SQL {
  return sql`json_to_recordset(${JSON.stringify(values)}::json)`;
}

/** PostgreSQL's limit of parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Many rows as `values ($1::bigint, $2::text), (…)`, in statements of at most 65,535 parameters:
 * `insert into t (a, b) ${values}` for each. For Citus, where a multi-row INSERT … VALUES goes
 * straight to the shards, while an INSERT … SELECT from a recordset (a source that is no
 * distributed table) goes through the coordinator's intermediate results: ~10 ms per shard of the
 * table, 0.3 s a statement with Citus' default 32 shards (docs/benchmarks.md). `types` is each
 * column's cast (or an expression of its parameter), in order; each row lists its values in order.
 */
export function valuesLists(
  rows: readonly (readonly unknown[])[],
  types: readonly (string | ((value: SQL) => SQL))[],
): SQL[] {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / types.length));
  const casts = types.map((type) =>
    typeof type === "string"
      ? (value: unknown) => sql`${value}${sql.raw(`::${type}`)}`
      : (value: unknown) => type(sql`${value}`),
  );
  const lists: SQL[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const tuples = rows.slice(start, start + perStatement).map(
      (row) =>
        sql`(${sql.join(
          row.map((value, i) => (casts[i] as (v: unknown) => SQL)(value)),
          sql`, `,
        )})`,
    );
    lists.push(sql`values ${sql.join(tuples, sql`, `)}`);
  }
  return lists;
}

/**
 * `insert into <table> (columns) … <tail>` of many rows: one statement reading them from a JSON
 * recordset (one parameter), or on Citus multi-row VALUES (valuesLists), which Citus sends to
 * the shards directly. `columns` names each column with its type; each row lists its values in
 * that order; `tail` is what follows the rows (`on conflict …`).
 */
export function insertRows(
  table: string,
  columns: readonly (readonly [string, string])[],
  rows: readonly (readonly unknown[])[],
  tail: SQL,
  citus: boolean,
): SQL[] {
  const names = sql.raw(columns.map(([name]) => name).join(", "));
  const into = sql`insert into ${sql.raw(table)} (${names})`;
  if (citus)
    return valuesLists(
      rows,
      columns.map(([, type]) => type),
    ).map((list) => sql`${into} ${list} ${tail}`);
  const objects = rows.map((row) => Object.fromEntries(columns.map(([name], i) => [name, row[i]])));
  const shape = sql.raw(columns.map(([name, type]) => `${name} ${type}`).join(", "));
  return [sql`${into} select ${names} from ${recordset(objects)} as x(${shape}) ${tail}`];
}

export function connectionOptionsFromEnv(env = process.env): ConnectOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.LOUPE_DATA_DIR || ".loupe",
    poolSize: env.LOUPE_DB_POOL_SIZE ? Number(env.LOUPE_DB_POOL_SIZE) : undefined,
  };
}

export async function openDatabase(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) return openPg(options.databaseUrl, options.poolSize ?? 10, options.logger);
  if (options.dataDir === "memory://") return openPgliteInMemory();
  // The data folder is chosen at run time; the build must not trace it.
  return openPglite(path.resolve(/*turbopackIgnore: true*/ options.dataDir ?? ".loupe"));
}

/** A throwaway embedded database (tests): nothing on disk, nothing to lock. */
async function openPgliteInMemory(): Promise<Database> {
  const client = await PGlite.create();
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    driver: "pglite",
    location: "memory://",
    close: () => client.close(),
  };
}

function openPg(url: string, max: number, logger?: Logger): Database {
  const pool = newPool(url, max, false);
  const db = drizzlePg(pool, { schema, logger }) as unknown as Db;
  const pipelinePool = newPool(url, max, true);
  (db as unknown as Record<symbol, pg.Pool>)[PIPELINE_POOL] = pipelinePool;
  (db as unknown as Record<symbol, Driver>)[DRIVER] = "pg";
  const parsed = new URL(url);
  return {
    db,
    driver: "pg",
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    close: async () => {
      await Promise.all([pool.end(), pipelinePool.end()]);
    },
  };
}

// Connections in pg's pipeline mode, for pipelined transactions (./pipeline.ts), apart from the
// pool everything else uses: they are opened only when ingestion writes, and a mode that refuses
// some query kinds (cursors, COPY streams) never meets the code that uses them. Kept on the db
// object under a registered symbol: Next.js bundles this module more than once (instrumentation,
// routes), and the db made by one copy is used by the others.
const PIPELINE_POOL = Symbol.for("loupe.pipelinePool");

// The driver of a handle, kept on it (and on the transactions made from it: sameDriver) so code
// given only a Db can tell the embedded database apart (lib/analytics/embedded-budget.ts).
const DRIVER = Symbol.for("loupe.driver");

/** Which driver a database handle (or a transaction marked by sameDriver) runs on. */
export function driverOf(db: Db): Driver {
  return (db as unknown as Record<symbol, Driver | undefined>)[DRIVER] ?? (pipelinePoolOf(db) ? "pg" : "pglite");
}

/** Marks `tx` (a transaction of `db`) as running on `db`'s driver (and on Citus when `db` is marked so). */
export function sameDriver<T extends Db>(tx: T, db: Db): T {
  (tx as unknown as Record<symbol, Driver>)[DRIVER] = driverOf(db);
  if (citusMarked(db)) markCitus(tx);
  return tx;
}

// Set on a handle once it is known to be a Citus coordinator (db/citus.ts onCitus), so query
// builders given a transaction can pick the form Citus pushes down (docs/architecture.md).
const CITUS = Symbol.for("loupe.citus");

/** Marks `db` as a Citus coordinator (db/citus.ts does, once it has asked). */
export function markCitus<T extends Db>(db: T): T {
  (db as unknown as Record<symbol, boolean>)[CITUS] = true;
  return db;
}

/** Whether `db` was marked as a Citus coordinator: await db/citus.ts onCitus first (readOnly does). */
export function citusMarked(db: Db): boolean {
  return (db as unknown as Record<symbol, boolean | undefined>)[CITUS] === true;
}

/** The pipeline-mode pool of a `pg` database (undefined for PGlite). */
export function pipelinePoolOf(db: Db): pg.Pool | undefined {
  return (db as unknown as Record<symbol, pg.Pool | undefined>)[PIPELINE_POOL];
}

function newPool(url: string, max: number, pipeline: boolean): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000, pipeline });
  // A client losing its server (restart) must not crash the process: idle ones are replaced by
  // the pool, busy ones fail their query (and that error is handled where the query was made).
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}

async function openPglite(dataDir: string): Promise<Database> {
  const release = lockDataDir(dataDir);
  try {
    const client = await PGlite.create(dataDir);
    return {
      db: drizzlePglite(client, { schema }) as unknown as Db,
      driver: "pglite",
      location: dataDir,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * PGlite is single-process: two processes on one data folder corrupt it. A pid file next to the
 * folder turns that into a clear error (e.g. `npm run seed` while `npm run dev` is running).
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  try {
    const holder = Number(fs.readFileSync(lockFile, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database ${dataDir} is in use by process ${holder} (a running dev server?). ` +
          "Stop it first, or point DATABASE_URL at a PostgreSQL server.",
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // Already gone.
    }
  };
  process.once("exit", release);
  return release;
}

/** Whether a lock holder still runs: alive, and (where /proc tells) still a Node process, not a reused pid. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return /node|next/.test(command);
  } catch {
    return true; // No /proc (macOS): trust the pid.
  }
}
