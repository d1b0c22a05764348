import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRetention } from "@/lib/analytics/retention/get-retention";
import { retentionParamsSchema } from "@/lib/analytics/retention/params";
import { importRecords } from "@/lib/ingest/import/import-file";
import { defaultCsvMapping, openCounted, readCsv } from "@/lib/ingest/import/sources";
import { createProject, type Project } from "@/lib/projects/projects";
import { simpleShopCsv } from "../fixtures/simple-shop";
import { createTestDatabase, driverName } from "../support/database";

// Retention on data not made for the test: simple_shop.csv, as docs/retention.md explains it.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let shop: Project;

beforeAll(async () => {
  database = await createTestDatabase();
  shop = await createProject(database.db, { slug: "shop" });
  await importRecords(database.db, shop, readCsv(openCounted(simpleShopCsv).stream, defaultCsvMapping));
}, 240_000);
afterAll(() => database.drop());

const MONTHS = 6;

/**
 * Monthly cohorts worked out from the CSV without SQL: a user's months (UTC, from the timestamp's
 * text), their cohort the first; retained at k when active in cohort + k (bounded) or in any month
 * from cohort + k on (unbounded).
 */
function shopRetentionByHand(mode: "first_time" | "recurring", bounded: boolean): number[][] {
  const months = new Map<string, Set<number>>();
  for (const line of readFileSync(simpleShopCsv, "utf8").trim().split("\n").slice(1)) {
    const [user, , t] = line.split(",") as [string, string, string];
    const month = (Number(t.slice(0, 4)) - 2019) * 12 + Number(t.slice(5, 7)) - 11;
    months.set(user, (months.get(user) ?? new Set()).add(month));
  }
  return Array.from({ length: MONTHS }, (_, c) => {
    const members = [...months.values()].filter((active) =>
      mode === "first_time" ? Math.min(...active) === c : active.has(c),
    );
    return Array.from({ length: MONTHS }, (_, k) =>
      k === 0
        ? members.length
        : members.filter((active) => (bounded ? active.has(c + k) : Math.max(...active) >= c + k)).length,
    );
  });
}

describe(`retention on real data (${driverName})`, () => {
  const body = {
    kind: "retention",
    startEvent: "$any",
    returnEvent: "$any",
    period: "month",
    periods: MONTHS - 1,
    from: "2019-11-01T00:00:00Z",
    to: "2020-05-01T00:00:00Z",
  };
  const run = (extra: Record<string, unknown>) =>
    getRetention(database.db, shop, retentionParamsSchema.parse({ ...body, ...extra }));

  it("simple_shop.csv: monthly cohorts by first event, any event as return", async () => {
    const result = await run({});
    const triangle = result.cohorts.map((c) => c.values);
    console.log("simple_shop monthly retention:", JSON.stringify(triangle));
    expect(triangle).toEqual(shopRetentionByHand("first_time", true));
    // What docs/retention.md explains.
    expect(triangle).toEqual([
      [259, 102, 85, 65, 64, 0],
      [249, 83, 64, 58, 0, 0],
      [246, 95, 70, 0, 0, 0],
      [257, 82, 0, 0, 0, 0],
      [350, 49, 0, 0, 0, 0],
      [2390, 0, 0, 0, 0, 0],
    ]);
    expect(result.cohorts.reduce((sum, c) => sum + c.size, 0)).toBe(3751);
    expect((await run({ bounded: false })).cohorts.map((c) => c.values)).toEqual(
      shopRetentionByHand("first_time", false),
    );
    expect((await run({ mode: "recurring" })).cohorts.map((c) => c.values)).toEqual(
      shopRetentionByHand("recurring", true),
    );
  });
});
