import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { getEventIds } from "@/lib/analytics/meta";
import { readOnly } from "@/lib/analytics/read-only";
import { getTopEvents } from "@/lib/analytics/top-events/get-top-events";
import { canUseHourlyRollup, getTrend } from "@/lib/analytics/trend/get-trend";
import type { TrendParams } from "@/lib/analytics/trend/params";
import { buildTrendQuery, type TrendRow } from "@/lib/analytics/trend/query";
import { recordDeploy } from "@/lib/deploys/deploys";
import { createProject, type Project } from "@/lib/projects/projects";
import { dstWeekMessages } from "../fixtures/dst-week";
import { createTestDatabase, driverName, onCitus } from "../support/database";
import { ingest } from "../support/ingest";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let paris: Project;
let kolkata: Project;

beforeAll(async () => {
  database = await createTestDatabase();
  paris = await createProject(database.db, { slug: "paris", timeZone: "Europe/Paris" });
  kolkata = await createProject(database.db, { slug: "kolkata", timeZone: "Asia/Kolkata" });
  await ingest(database.db, paris.id, dstWeekMessages, "2026-03-30T12:00:00Z");
  await ingest(database.db, kolkata.id, [
    { type: "track", event: "tap", userId: "k1", timestamp: "2026-03-29T01:10:00Z" },
    { type: "track", event: "tap", userId: "k2", timestamp: "2026-03-29T01:40:00Z" },
  ]);
  await recordDeploy(database.db, paris.id, { service: "web", version: "1.0.0", timestamp: "2026-03-29T10:30:00Z" });
});
afterAll(() => database.drop());

const trend = (project: Project, p: Omit<TrendParams, "kind">) =>
  getTrend(database.db, project, { kind: "trend", ...p });
const values = (result: Awaited<ReturnType<typeof getTrend>>, i = 0) => result.series[i]?.points.map((p) => p.value);
const times = (result: Awaited<ReturnType<typeof getTrend>>) => result.series[0]?.points.map((p) => p.t);

describe(`trend (${driverName})`, () => {
  it("buckets days in the project time zone across a DST change, counting events and persons", async () => {
    const result = await trend(paris, {
      series: [
        { event: "view", measure: "count" },
        { event: "view", measure: "persons" },
        { event: "$any", measure: "count" },
        { event: "$any", measure: "persons" },
      ],
      interval: "day",
      from: "2026-03-27T23:00:00.000Z",
      to: "2026-03-30T22:00:00.000Z",
    });
    expect(times(result)).toEqual(["2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"]);
    expect(values(result, 0)).toEqual([1, 4, 1]); // A1 | A2 C1 B1 A3 | A4
    expect(values(result, 1)).toEqual([1, 3, 1]); // alice | alice carol bob | alice
    expect(values(result, 2)).toEqual([1, 4, 3]); // … | A4 B2 I1
    expect(values(result, 3)).toEqual([1, 3, 2]); // Mar 30: alice (A4 and I1 are one person), bob
  });

  it("keeps hours absolute at the DST jump (no missing or doubled hour)", async () => {
    const result = await trend(paris, {
      series: [{ event: "view", measure: "count" }],
      interval: "hour",
      from: "2026-03-29T00:00:00.000Z",
      to: "2026-03-29T03:00:00.000Z",
    });
    expect(times(result)).toEqual(["2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"]);
    expect(values(result)).toEqual([0, 1, 0]); // C1 at 01:30Z
  });

  it("keeps the repeated hour of a DST fall-back (first and second 01:00 in New York)", async () => {
    const york = await createProject(database.db, { slug: "york", timeZone: "America/New_York" });
    await ingest(database.db, york.id, [
      { type: "track", event: "tap", userId: "y1", timestamp: "2026-11-01T05:30:00Z" }, // 01:30 EDT
      { type: "track", event: "tap", userId: "y2", timestamp: "2026-11-01T06:30:00Z" }, // 01:30 EST
    ]);
    for (const measure of ["count", "persons"] as const) {
      const result = await trend(york, {
        series: [{ event: "tap", measure }],
        interval: "hour",
        from: "2026-11-01T05:00:00.000Z",
        to: "2026-11-01T08:00:00.000Z",
      });
      expect(times(result)).toEqual(["2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z", "2026-11-01T07:00:00Z"]);
      expect(values(result)).toEqual([1, 1, 0]);
    }
  });

  it("starts weeks on Monday, local time", async () => {
    const result = await trend(paris, {
      series: [{ event: "$any", measure: "count" }],
      interval: "week",
      from: "2026-03-22T23:00:00.000Z",
      to: "2026-04-05T22:00:00.000Z",
    });
    expect(times(result)).toEqual(["2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z"]);
    expect(values(result)).toEqual([5, 3]);
  });

  it("buckets months locally and reports empty months as zero", async () => {
    const result = await trend(paris, {
      series: [{ event: "$any", measure: "count" }],
      interval: "month",
      from: "2026-02-28T23:00:00.000Z",
      to: "2026-04-30T22:00:00.000Z",
    });
    expect(times(result)).toEqual(["2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z"]);
    expect(values(result)).toEqual([8, 0]);
  });

  it("counts only [from, to) in partial first and last buckets", async () => {
    const result = await trend(paris, {
      series: [
        { event: "view", measure: "count" },
        { event: "$any", measure: "count" },
      ],
      interval: "day",
      from: "2026-03-29T10:30:00.000Z",
      to: "2026-03-30T08:30:00.000Z",
    });
    expect(values(result, 0)).toEqual([1, 1]); // A3 (B1 at 10:00 is before from) | A4
    expect(values(result, 1)).toEqual([1, 2]); // A3 | A4 B2
  });

  it("answers the same from the hourly rollup as from events", async () => {
    const [viewId] = (await getEventIds(database.db, paris.id, ["view"])).values();
    for (const interval of ["hour", "day", "week", "month"] as const) {
      for (const eventId of [viewId ?? -1, null]) {
        const input = {
          projectId: paris.id,
          matcher: { eventId },
          measure: "count" as const,
          periods: {
            interval,
            from: "2026-03-27T23:00:00.000Z",
            to: "2026-04-05T22:00:00.000Z",
            timeZone: paris.timeZone,
          },
          breakdown: null,
        };
        const citus = await onCitus();
        const raw = await rows<TrendRow>(database.db, buildTrendQuery({ ...input, fromRollup: false, citus }));
        const rolled = await rows<TrendRow>(database.db, buildTrendQuery({ ...input, fromRollup: true, citus }));
        // The grouped form Citus runs answers as the per-bucket form does.
        const grouped = await rows<TrendRow>(
          database.db,
          buildTrendQuery({ ...input, fromRollup: false, citus: true }),
        );
        const byTime = (a: TrendRow, b: TrendRow) => a.t.localeCompare(b.t);
        expect(rolled.sort(byTime)).toEqual(raw.sort(byTime));
        expect(grouped.sort(byTime)).toEqual(raw);
      }
    }
  });

  it("does not use hourly rollups where they would be wrong", async () => {
    expect(canUseHourlyRollup("Europe/Paris", "2026-03-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z")).toBe(true);
    expect(canUseHourlyRollup("Europe/Paris", "2026-03-01T00:30:00.000Z", "2026-04-01T00:00:00.000Z")).toBe(false);
    expect(canUseHourlyRollup("Asia/Kolkata", "2026-03-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z")).toBe(false);
    // Kolkata (+05:30): local hours start at :30 UTC. 01:10Z and 01:40Z fall in different hours.
    const result = await trend(kolkata, {
      series: [{ event: "tap", measure: "count" }],
      interval: "hour",
      from: "2026-03-29T00:30:00.000Z",
      to: "2026-03-29T02:30:00.000Z",
    });
    expect(times(result)).toEqual(["2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"]);
    expect(values(result)).toEqual([1, 1]);
  });

  it("returns zeros for an unknown event and carries deploys and freshness", async () => {
    const result = await trend(paris, {
      series: [{ event: "never_sent", measure: "count" }],
      interval: "day",
      from: "2026-03-27T23:00:00.000Z",
      to: "2026-03-30T22:00:00.000Z",
    });
    expect(values(result)).toEqual([0, 0, 0]);
    expect(result.deploys.map((d) => [d.service, d.version, d.timestamp])).toEqual([
      ["web", "1.0.0", "2026-03-29T10:30:00.000Z"],
    ]);
    expect(result.meta).toMatchObject({ timeZone: "Europe/Paris", lastReceivedAt: "2026-03-30T12:00:00Z" });
  });
});

describe(`top events (${driverName})`, () => {
  it("ranks events by count with unique persons, ties by name", async () => {
    const result = await getTopEvents(database.db, paris, {
      kind: "top_events",
      from: "2026-03-01T00:00:00.000Z",
      to: "2026-04-01T00:00:00.000Z",
      limit: 10,
      persons: true,
    });
    expect(result.events).toEqual([
      { event: "view", count: 6, persons: 3 },
      { event: "$identify", count: 1, persons: 1 },
      { event: "purchase", count: 1, persons: 1 },
    ]);
  });

  it("ranks the same without persons, from the hourly counts or from events", async () => {
    for (const range of [
      { from: "2026-03-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z" }, // whole hours: hourly counts
      { from: "2026-03-01T00:30:00.000Z", to: "2026-03-31T23:59:00.000Z" }, // not: events
      { from: "2026-03-29T01:00:00.000Z", to: "2026-03-29T02:00:00.000Z" }, // one hour, one event
    ]) {
      const query = { kind: "top_events" as const, ...range, limit: 2 };
      const full = await getTopEvents(database.db, paris, { ...query, persons: true });
      const counts = await getTopEvents(database.db, paris, { ...query, persons: false });
      expect(counts.events).toEqual(full.events.map((e) => ({ ...e, persons: null })));
    }
  });
});

describe(`analyses are read-only and time-limited (${driverName})`, () => {
  // drizzle wraps the driver's error; PostgreSQL's own message is its cause.
  const failure = (run: Promise<unknown>) =>
    run.then(
      () => "succeeded",
      (e: Error & { cause?: Error }) => (e.cause ?? e).message,
    );

  it("refuses writes and stops long statements", async () => {
    expect(await failure(readOnly(database.db, (tx) => tx.execute(sql`delete from deploys`)))).toMatch(/read-only/);
    process.env.LOUPE_QUERY_TIMEOUT_MS = "50";
    try {
      const setting = await readOnly(database.db, (tx) =>
        rows<{ t: string }>(tx, sql`select current_setting('statement_timeout') as t`),
      );
      expect(setting[0]?.t).toBe("50ms");
      // PGlite runs single-threaded in WASM and cannot interrupt a statement; PostgreSQL does.
      if (database.driver === "pg") {
        expect(await failure(readOnly(database.db, (tx) => tx.execute(sql`select pg_sleep(2)`)))).toMatch(
          /statement timeout/,
        );
      }
    } finally {
      delete process.env.LOUPE_QUERY_TIMEOUT_MS;
    }
  });
});

describe(`the embedded database's work budget (${driverName})`, () => {
  it("refuses, on PGlite only, a request that would read more raw events than the budget", async () => {
    const to = "2026-04-06T00:00:00Z";
    const from = "2026-03-23T00:00:00Z";
    const [stored] = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from events where project_id = ${paris.id}`,
    );
    const budget = (stored?.n ?? 0) * 2 - 1; // two persons series over every event: one too many
    process.env.LOUPE_EMBEDDED_EVENT_BUDGET = String(budget);
    try {
      const ask = (n: number) =>
        trend(paris, {
          series: Array.from({ length: n }, () => ({ event: "$any", measure: "persons" as const })),
          interval: "day",
          from,
          to,
        });
      await expect(ask(1)).resolves.toBeDefined();
      // Counts come from the hourly rollups: they cost nothing here.
      await expect(
        trend(paris, {
          series: [
            { event: "$any", measure: "count" },
            { event: "$any", measure: "count" },
            { event: "$any", measure: "count" },
          ],
          interval: "day",
          from,
          to,
        }),
      ).resolves.toBeDefined();
      if (database.driver === "pglite") {
        await expect(ask(2)).rejects.toMatchObject({
          status: 400,
          code: "too_much_work",
          details: { events: (stored?.n ?? 0) * 2, budget },
        });
        await expect(
          getTopEvents(database.db, paris, { kind: "top_events", from, to, limit: 10, persons: true }),
        ).resolves.toBeDefined();
      } else {
        await expect(ask(2)).resolves.toBeDefined();
      }
    } finally {
      delete process.env.LOUPE_EMBEDDED_EVENT_BUDGET;
    }
  });
});
