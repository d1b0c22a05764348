import type { SQL } from "drizzle-orm";
import pg from "pg";
import { onCitus } from "./citus";
import { type Db, pipelinePoolOf } from "./connect";
import { copyText } from "./copy-text";

/**
 * One transaction whose statements are sent as soon as they are issued, not when the one before
 * has been answered: on PostgreSQL over a connection in pg's pipeline mode, so statements that do
 * not need each other's answers share one round trip, and the server runs them back to back
 * without waiting for the application (docs/architecture.md#writing-a-batch). On PGlite
 * (in-process: no round trips to save) each statement starts when the one before ends.
 */
export type Pipeline = {
  /** Sends `query` behind those issued before it; resolves with its rows. */
  rows<T>(query: SQL): Promise<T[]>;
  /** The database is a Citus coordinator: row locks on persons become advisory locks (lib/persons/person-locks.ts). */
  citus: boolean;
  /**
   * `COPY table (columns) FROM STDIN` of `rows` behind the statements issued before it, where the
   * driver has it: on PostgreSQL, not on PGlite (no round trips to save; callers insert) nor on
   * Citus (not measured there yet). For many rows, COPY is PostgreSQL's cheapest way in: a third
   * of the server's time of `INSERT … SELECT` from a JSON recordset (docs/benchmarks.md).
   */
  copy?: (table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]) => Promise<void>;
};

/**
 * Runs `work` in one transaction and commits it. `work` may return before its last statements are
 * answered: COMMIT is sent right behind them. Resolves only when every statement issued succeeded
 * and COMMIT did; otherwise rejects with the first failure in issue order (after a failed
 * statement PostgreSQL answers COMMIT with a rollback, never an error, and the statements after
 * it fail as "transaction aborted", which says nothing of the cause).
 */
export async function pipelined<T>(db: Db, work: (pipeline: Pipeline) => Promise<T>): Promise<T> {
  const pool = pipelinePoolOf(db);
  if (!pool) {
    // Only PGlite has none: a pg database opened elsewhere would silently lose the pipelining.
    if ((db as unknown as { $client?: unknown }).$client instanceof pg.Pool) {
      throw new Error("pipelined(): this pg database has no pipeline pool (open it with openDatabase)");
    }
    return db.transaction((tx) => inOrder(tx, work));
  }
  const citus = await onCitus(db);
  const client = await pool.connect();
  const issued = new Issued();
  const send = (query: pg.QueryConfig) => issued.add(client.query(query).then((result) => result.rows));
  const dialect = (db as unknown as { dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } } })
    .dialect;
  let broken: Error | undefined;
  try {
    send({ text: "begin" });
    const result = await issued.run(() =>
      work({
        rows<R>(query: SQL) {
          const { sql, params } = dialect.sqlToQuery(query);
          return send({ text: sql, values: params, types: textDates }) as Promise<R[]>;
        },
        citus,
        copy: citus
          ? undefined
          : (table, columns, rows) =>
              issued.add(copyIn(client, `copy ${table} (${columns.join(", ")}) from stdin`, copyText(rows))),
      }),
    );
    const commit = issued.add(client.query("commit"));
    await issued.settled();
    if ((await commit).command !== "COMMIT") throw new Error("the transaction was rolled back");
    return result;
  } catch (error) {
    // Every statement has been answered (or the connection is gone): end what is still open.
    await client.query("rollback").catch((rollbackError: Error) => {
      broken = rollbackError; // a connection that cannot roll back is not reused
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * COPY … FROM STDIN on a pipeline-mode connection: the rows are written right behind the COPY
 * statement, before the server has answered it, so the statements pipelined behind them follow
 * in order (the server reads the rows as soon as it starts the COPY). If the COPY fails before
 * reading them (an earlier statement failed: "transaction aborted"), PostgreSQL skips copy
 * messages outside a COPY, per the protocol, and goes on with the next statement.
 */
function copyIn(client: pg.PoolClient, text: string, rows: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client.query(
      new CopyIn(text, Buffer.from(rows), (error) => (error ? reject(error) : resolve())) as unknown as pg.QueryConfig,
    );
  });
}

// A pg.Query, so that pg's pipeline mode takes it (it refuses other submittables). Typed apart:
// @types/pg declares no protocol-level members.
const QueryBase = pg.Query as unknown as new (config: {
  text: string;
  callback: (error: Error | null) => void;
}) => object;
class CopyIn extends QueryBase {
  constructor(
    private readonly statement: string,
    private readonly data: Buffer,
    callback: (error: Error | null) => void,
  ) {
    super({ text: statement, callback });
  }
  submit(connection: CopyConnection): Error | null {
    connection.stream.cork?.();
    try {
      connection.query(this.statement); // the simple protocol: COPY takes no parameters
      if (this.data.length > 0) connection.sendCopyFromChunk(this.data);
      connection.endCopyFrom();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }
  /** The rows are on their way already (submit): nothing to send when the server asks. */
  handleCopyInResponse(): void {}
}
type CopyConnection = {
  stream: { cork?(): void; uncork?(): void };
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
};

/** PGlite: drizzle's transaction, each statement started when the one before has ended. */
async function inOrder<T>(tx: Db, work: (pipeline: Pipeline) => Promise<T>): Promise<T> {
  const issued = new Issued();
  let last: Promise<unknown> = Promise.resolve();
  const result = await issued.run(() =>
    work({
      rows<R>(query: SQL) {
        const run = () => tx.execute(query).then((answer) => (answer as unknown as { rows: R[] }).rows);
        const rows = last.then(run, run);
        last = rows.catch(() => {});
        return issued.add(rows);
      },
      citus: false,
    }),
  );
  await issued.settled();
  return result;
}

/** The statements issued so far, all waited for before the transaction ends. */
class Issued {
  private readonly all: Promise<unknown>[] = [];

  add<R>(promise: Promise<R>): Promise<R> {
    promise.catch(() => {}); // waited for by settled(): not an unhandled rejection meanwhile
    this.all.push(promise);
    return promise;
  }

  /** `work`, failing with the first failed statement rather than what that failure caused. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw (await this.firstFailure()) ?? error;
    }
  }

  async settled(): Promise<void> {
    const failure = await this.firstFailure();
    if (failure !== undefined) throw failure;
  }

  private async firstFailure(): Promise<unknown> {
    const outcomes = await Promise.allSettled(this.all);
    return (outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult | undefined)?.reason;
  }
}

// As drizzle reads them on `pg`: date and time values stay the text PostgreSQL sent.
const TEXT_TYPES = new Set([1082, 1114, 1184, 1186, 1115, 1182, 1185, 1187, 1231]);
const textDates = {
  getTypeParser: (typeId: number, format?: string) =>
    TEXT_TYPES.has(typeId) ? (value: string) => value : pg.types.getTypeParser(typeId, format as "text"),
} as pg.CustomTypesConfig;
