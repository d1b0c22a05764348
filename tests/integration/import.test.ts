import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { importRecords } from "@/lib/ingest/import/import-file";
import { defaultCsvMapping, openCounted, readCsv, readNdjson } from "@/lib/ingest/import/sources";
import { createProject, type Project } from "@/lib/projects/projects";
import { simpleShopCsv as SIMPLE_SHOP } from "../fixtures/simple-shop";
import { createTestDatabase, driverName } from "../support/database";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let shop: Project;
let other: Project;

beforeAll(async () => {
  database = await createTestDatabase();
  shop = await createProject(database.db, { slug: "shop" });
  other = await createProject(database.db, { slug: "other" });
});
afterAll(() => database.drop());

describe(`importer (${driverName})`, () => {
  it("loads simple_shop.csv as is, and a second run stores nothing twice", async () => {
    const first = await importRecords(database.db, shop, readCsv(openCounted(SIMPLE_SHOP).stream, defaultCsvMapping));
    expect(first).toMatchObject({ lines: 32_283, accepted: 32_283, duplicates: 0, rejected: 0 });
    // Facts of the data set (tests/fixtures/simple-shop/README.md): 3,751 users, 12 event names, Nov 2019 – Apr 2020.
    const [facts] = await rows<{ n: number; users: number; names: number; first: string; last: string }>(
      database.db,
      sql`select count(*)::int as n, count(distinct person_id)::int as users, count(distinct event_id)::int as names,
                 min(timestamp)::text as first, max(timestamp)::text as last
          from events where project_id = ${shop.id}`,
    );
    expect(facts).toEqual({
      n: 32_283,
      users: 3_751,
      names: 12,
      first: "2019-11-01 17:59:13.273+00",
      last: expect.stringMatching(/^2020-04-29 /),
    });
    const again = await importRecords(database.db, shop, readCsv(openCounted(SIMPLE_SHOP).stream, defaultCsvMapping));
    expect(again).toMatchObject({ accepted: 0, duplicates: 32_283, rejected: 0 });
  }, 120_000);

  it("imports NDJSON, reporting bad lines by number and reason", async () => {
    const lines = [
      '{"type":"track","event":"signup","userId":"u1","timestamp":"2026-01-05T10:00:00Z"}',
      "",
      "{broken",
      '{"type":"identify","userId":"u1","traits":{"plan":"pro"},"timestamp":"2026-01-05T10:01:00Z"}',
      '{"type":"track","userId":"u2","timestamp":"2026-01-05T10:02:00Z"}',
      '{"type":"page","anonymousId":"a9","properties":{"path":"/"},"messageId":"given-id"}',
    ].join("\n");
    const run = () => importRecords(database.db, other, readNdjson(Readable.from([lines])));
    const summary = await run();
    expect(summary).toMatchObject({
      lines: 5,
      accepted: 3,
      rejected: 2,
      reasons: { invalid_line: 1, missing_event: 1 },
      examples: [
        { line: 3, code: "invalid_line", message: "not valid JSON" },
        { line: 5, code: "missing_event", message: "track calls need an event name" },
      ],
    });
    expect(await run()).toMatchObject({ accepted: 0, duplicates: 3 });
    const issues = await rows<{ reason: string; count: number }>(
      database.db,
      sql`select reason, sum(count)::int as count from ingest_issues where project_id = ${other.id} group by reason order by reason`,
    );
    expect(issues).toEqual([
      { reason: "duplicate", count: 3 },
      { reason: "missing_event", count: 2 },
    ]);
  });

  it("maps other CSV column names", async () => {
    const csv = "who,what,when,plan\nx1,login,2026-02-01 08:00:00,pro\nx2,login,2026-02-01 09:00:00,\n";
    const summary = await importRecords(
      database.db,
      other,
      readCsv(Readable.from([csv]), { userColumn: "who", eventColumn: "what", timestampColumn: "when" }),
    );
    expect(summary).toMatchObject({ accepted: 2, rejected: 0 });
    const stored = await rows<{ distinct_id: string; properties: unknown; ts: string }>(
      database.db,
      sql`select distinct_id, properties, timestamp::text as ts from events
          where project_id = ${other.id} and distinct_id like 'x%' order by distinct_id`,
    );
    expect(stored).toEqual([
      { distinct_id: "x1", properties: { plan: "pro" }, ts: "2026-02-01 08:00:00+00" },
      { distinct_id: "x2", properties: {}, ts: "2026-02-01 09:00:00+00" },
    ]);
  });

  it("stops at the header when the CSV has no identity column, instead of refusing every row", async () => {
    const csv = "customer,event,timestamp\nc1,login,2026-02-01 08:00:00\n";
    await expect(importRecords(database.db, other, readCsv(Readable.from([csv]), defaultCsvMapping))).rejects.toThrow(
      "the CSV has no column user_id (see --user-column, --anonymous-column)",
    );
    const anonymous = readCsv(Readable.from([csv]), { ...defaultCsvMapping, anonymousColumn: "customer" });
    expect(await importRecords(database.db, other, anonymous)).toMatchObject({ accepted: 1, rejected: 0 });
  });
});
