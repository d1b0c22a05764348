import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTrend } from "@/lib/analytics/trend/get-trend";
import { getTrendPersons } from "@/lib/analytics/trend/get-trend-persons";
import { type TrendParams, trendParamsSchema, trendPersonsParamsSchema } from "@/lib/analytics/trend/params";
import type { TrendResult } from "@/lib/analytics/trend/result";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createProject, type Project } from "@/lib/projects/projects";
import { trendMessages, trendRange } from "../fixtures/trends";
import { createTestDatabase, driverName } from "../support/database";
import { ingest } from "../support/ingest";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;

beforeAll(async () => {
  database = await createTestDatabase();
  project = await createProject(database.db, { slug: "trends", timeZone: "UTC" });
  await ingest(database.db, project.id, trendMessages, "2026-05-10T00:00:00Z");
});
afterAll(() => database.drop());

const trend = (input: Record<string, unknown>) =>
  getTrend(database.db, project, trendParamsSchema.parse({ kind: "trend", ...trendRange, ...input }));
const valuesOf = (result: TrendResult) =>
  Object.fromEntries(
    result.series.map((s) => [
      `${s.key}${s.breakdownValue === undefined ? "" : `:${s.breakdownValue}`}`,
      s.points.map((p) => p.value),
    ]),
  );
const formulaOf = (result: TrendResult) =>
  Object.fromEntries(
    (result.formula?.series ?? []).map((s) => [String(s.breakdownValue), s.points.map((p) => p.value)]),
  );

/** Every page of a point's persons: [distinct id, events] in order. */
async function drill(input: Record<string, unknown>) {
  const seen: [string, number][] = [];
  let cursor: string | undefined;
  do {
    const page = await getTrendPersons(
      database.db,
      project,
      trendPersonsParamsSchema.parse({
        kind: "trend_persons",
        ...trendRange,
        limit: 1,
        ...input,
        ...(cursor ? { cursor } : {}),
      }),
      FULL_PII_ACCESS,
    );
    seen.push(...page.persons.map((p) => [p.distinctIds[0] as string, p.events] as [string, number]));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

describe(`trend series (${driverName})`, () => {
  it("counts events, persons and events per person", async () => {
    const result = await trend({
      series: [
        { event: "view", measure: "count" },
        { event: "view", measure: "persons" },
        { event: "view", measure: "per_person" },
        { event: "buy" },
      ],
    });
    expect(valuesOf(result)).toEqual({ A: [3, 3, 2], B: [2, 3, 1], C: [1.5, 1, 2], D: [1, 1, 0] });
    expect(result.series.map((s) => s.total)).toEqual([8, null, null, 2]);
  });

  it("combines series with a formula; a division by zero is a null point", async () => {
    const series = [{ event: "view" }, { event: "buy" }];
    expect(formulaOf(await trend({ series, formula: "B / A" }))).toEqual({ undefined: [1 / 3, 1 / 3, 0] });
    expect(formulaOf(await trend({ series, formula: "A / B" }))).toEqual({ undefined: [3, 3, null] });
  });

  it("filters on promoted columns and person properties", async () => {
    const result = await trend({
      series: [
        { event: "view", where: [{ property: "os", op: "eq", value: "Android" }] },
        { event: "view", where: [{ property: "person.plan", op: "eq", value: "pro" }] },
      ],
    });
    expect(valuesOf(result)).toEqual({ A: [2, 0, 2], B: [2, 1, 0] });
  });

  it("compares with the period before", async () => {
    const result = await trend({ series: [{ event: "view" }], compare: true });
    expect(result.compare?.from).toBe("2026-05-01T00:00:00.000Z");
    expect(result.compare?.series[0]?.points.map((p) => p.value)).toEqual([0, 1, 2]);
  });

  it("breaks down by the top values, then other, the same groups for every series", async () => {
    const byOs = (limit: number, series: TrendParams["series"]) =>
      trend({ series, breakdown: { property: "os", limit } });
    expect(valuesOf(await byOs(10, [{ event: "view", measure: "count" }]))).toEqual({
      "A:Android": [2, 0, 2],
      "A:iOS": [1, 2, 0],
      "A:null": [0, 1, 0],
    });
    expect(valuesOf(await byOs(1, [{ event: "view", measure: "count" }]))).toEqual({
      "A:Android": [2, 0, 2],
      "A:$other": [1, 3, 0],
    });
    const both = await trend({
      series: [{ event: "view" }, { event: "buy" }],
      breakdown: { property: "os", limit: 2 },
      formula: "B / A",
    });
    expect(valuesOf(both)).toEqual({
      "A:Android": [2, 0, 2],
      "A:iOS": [1, 2, 0],
      "A:$other": [0, 1, 0],
      "B:Android": [1, 0, 0],
      "B:iOS": [0, 1, 0],
      "B:$other": [0, 0, 0],
    });
    expect(formulaOf(both)).toEqual({ Android: [0.5, null, 0], iOS: [0, 0.5, null], $other: [null, 0, null] });
    const byPlan = await trend({ series: [{ event: "view" }], breakdown: { property: "person.plan" } });
    expect(valuesOf(byPlan)).toEqual({ "A:pro": [2, 1, 0], "A:null": [0, 1, 2], "A:free": [1, 1, 0] });
  });

  it("drills a point down to its persons: as many as the point's persons, their events adding up to its count", async () => {
    const series = [{ event: "view" }];
    expect(await drill({ series, seriesIndex: 0, bucket: "2026-05-04T00:00:00Z" })).toEqual([
      ["p1", 2],
      ["p2", 1],
    ]);
    expect(await drill({ series, seriesIndex: 0, bucket: "2026-05-05T00:00:00Z" })).toEqual([
      ["p1", 1],
      ["p2", 1],
      ["p3", 1],
    ]);
    const breakdown = { property: "os", limit: 1 };
    expect(
      await drill({ series, breakdown, seriesIndex: 0, bucket: "2026-05-06T00:00:00Z", breakdownValue: "Android" }),
    ).toEqual([["p3", 2]]);
    expect(
      await drill({ series, breakdown, seriesIndex: 0, bucket: "2026-05-05T00:00:00Z", breakdownValue: "$other" }),
    ).toEqual([
      ["p1", 1],
      ["p2", 1],
      ["p3", 1],
    ]);
  });

  it("walks every point's persons to exactly the chart's numbers", async () => {
    const series = [
      { event: "view", measure: "persons" },
      { event: "view", where: [{ property: "os", op: "neq", value: "iOS" }] },
    ];
    const result = await trend({ series });
    for (const [seriesIndex, s] of result.series.entries()) {
      for (const point of s.points) {
        const persons = await drill({ series, seriesIndex, bucket: point.t });
        const value = s.measure === "persons" ? persons.length : persons.reduce((sum, [, n]) => sum + n, 0);
        expect(value).toBe(point.value);
      }
    }
  });

  it("refuses a bucket that is not one of the trend's", async () => {
    await expect(
      getTrendPersons(
        database.db,
        project,
        trendPersonsParamsSchema.parse({
          kind: "trend_persons",
          ...trendRange,
          series: [{ event: "view" }],
          seriesIndex: 0,
          bucket: "2026-05-04T06:00:00Z",
        }),
        FULL_PII_ACCESS,
      ),
    ).rejects.toMatchObject({ status: 400, details: [{ field: "bucket" }] });
  });
});
