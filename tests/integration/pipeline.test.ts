import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { pipelined } from "@/db/pipeline";
import { createTestDatabase, driverName } from "../support/database";

let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`create table pipeline_t (k int primary key, v text)`);
});
afterAll(() => database.drop());

// drizzle (PGlite) wraps the driver's error; pg's pipeline answers it as is.
const codeOf = (error: { code?: string; cause?: { code?: string } }) => error.code ?? error.cause?.code;

const stored = async () =>
  (await rows<{ k: number; v: string }>(database.db, sql`select k, v from pipeline_t order by k`)).map(
    (row) => `${row.k}:${row.v}`,
  );

describe(`pipelined transactions (${driverName})`, () => {
  it("runs statements in issue order and commits what work left unanswered", async () => {
    const answer = await pipelined(database.db, async (p) => {
      p.rows(sql`insert into pipeline_t values (1, 'a')`);
      const read = p.rows<{ n: number }>(sql`select count(*)::int as n from pipeline_t`);
      p.rows(sql`update pipeline_t set v = 'b' where k = 1`);
      // Not awaited: COMMIT goes behind it, and pipelined() waits for both.
      p.rows(sql`insert into pipeline_t values (2, 'c')`);
      return (await read)[0]?.n;
    });
    expect(answer).toBe(1); // the read ran after the insert before it
    expect(await stored()).toEqual(["1:b", "2:c"]);
  });

  it("fails with the first failed statement, not the 'transaction aborted' ones after it, and stores nothing", async () => {
    const attempt = pipelined(database.db, async (p) => {
      p.rows(sql`insert into pipeline_t values (3, 'x')`);
      p.rows(sql`insert into pipeline_t values (1, 'duplicate key')`);
      // Awaited, and failing only because the statement before it did.
      await p.rows(sql`select 1`);
      return "unreachable";
    });
    expect(await attempt.catch(codeOf)).toBe("23505");
    // A failure nobody awaited still fails the transaction (COMMIT would have rolled it back).
    const unawaited = pipelined(database.db, async (p) => {
      p.rows(sql`insert into pipeline_t values (4, 'y')`);
      p.rows(sql`select 1 / 0`);
      return "unreachable";
    });
    expect(await unawaited.catch(codeOf)).toBe("22012");
    expect(await stored()).toEqual(["1:b", "2:c"]);
  });

  it("rolls back when work throws, and the connection stays usable", async () => {
    const failing = pipelined(database.db, async (p) => {
      p.rows(sql`insert into pipeline_t values (5, 'z')`);
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    for (let i = 0; i < 12; i++) {
      await pipelined(database.db, async (p) => {
        p.rows(sql`select 1`);
      });
    }
    expect(await stored()).toEqual(["1:b", "2:c"]);
  });

  it("keeps savepoints: rolled back to, then committed past", async () => {
    await pipelined(database.db, async (p) => {
      p.rows(sql`savepoint s`);
      p.rows(sql`insert into pipeline_t values (6, 'undone')`);
      p.rows(sql`rollback to savepoint s`);
      p.rows(sql`insert into pipeline_t values (7, 'kept')`);
    });
    expect(await stored()).toEqual(["1:b", "2:c", "7:kept"]);
  });

  it("copies rows in order with the statements around it, escapes what COPY's text format needs, and fails like a statement", async () => {
    const copies = await pipelined(database.db, async (p) => p.copy !== undefined);
    // COPY where the driver has it: PostgreSQL; PGlite and Citus insert instead (db/pipeline.ts).
    expect(copies).toBe(driverName === "PostgreSQL");
    if (!copies) return;
    const tricky = 'tab\there, back\\slash, new\nline, cr\r, \\N, quote \' ", unicode é😀, json {"a": 1}';
    const counted = await pipelined(database.db, async (p) => {
      p.rows(sql`insert into pipeline_t values (10, 'before')`);
      p.copy?.(
        "pipeline_t",
        ["k", "v"],
        [
          [11, tricky],
          [12, null],
          [13, ""],
        ],
      );
      // Behind the COPY, in the same transaction: it sees the rows.
      return (await p.rows<{ n: number }>(sql`select count(*)::int as n from pipeline_t where k between 10 and 13`))[0]
        ?.n;
    });
    expect(counted).toBe(4);
    const back = await rows<{ k: number; v: string | null }>(
      database.db,
      sql`select k, v from pipeline_t where k between 11 and 13 order by k`,
    );
    expect(back).toEqual([
      { k: 11, v: tricky },
      { k: 12, v: null },
      { k: 13, v: "" },
    ]);
    // A COPY that fails fails the transaction with its own error; one behind a failed statement
    // reports that statement's; the connection goes on either way.
    const duplicate = pipelined(database.db, async (p) => {
      p.copy?.(
        "pipeline_t",
        ["k", "v"],
        [
          [20, "x"],
          [11, "duplicate key"],
        ],
      );
      p.rows(sql`insert into pipeline_t values (21, 'after')`);
    });
    expect(await duplicate.catch(codeOf)).toBe("23505");
    const behindFailure = pipelined(database.db, async (p) => {
      p.rows(sql`select 1 / 0`);
      p.copy?.("pipeline_t", ["k", "v"], [[22, "y"]]);
    });
    expect(await behindFailure.catch(codeOf)).toBe("22012");
    expect(
      (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from pipeline_t where k >= 20`))[0]?.n,
    ).toBe(0);
    await pipelined(database.db, async (p) => {
      p.copy?.("pipeline_t", ["k", "v"], []);
      p.rows(sql`delete from pipeline_t where k between 10 and 13`);
    });
    expect(await stored()).toEqual(["1:b", "2:c", "7:kept"]);
  });
});
