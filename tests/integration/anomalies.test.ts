import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAnomalies } from "@/lib/analytics/anomalies/get-anomalies";
import { queryParamsSchema } from "@/lib/analytics/run-query";
import { createProject, type Project } from "@/lib/projects/projects";
import { anomalyMessages, anomalyRange, dipDay } from "../fixtures/anomalies";
import { createTestDatabase, driverName } from "../support/database";
import { ingest } from "../support/ingest";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;

beforeAll(async () => {
  database = await createTestDatabase();
  project = await createProject(database.db, { slug: "anomalies" });
  for (let i = 0; i < anomalyMessages.length; i += 1_000) {
    await ingest(database.db, project.id, anomalyMessages.slice(i, i + 1_000), "2026-04-10T00:00:00Z");
  }
}, 60_000);
afterAll(() => database.drop());

const anomalies = (body: Record<string, unknown>) => {
  const params = queryParamsSchema.parse({ kind: "anomalies", ...anomalyRange, weeks: 4, ...body });
  if (params.kind !== "anomalies") throw new Error("kind");
  return getAnomalies(database.db, project, params);
};
const flagged = (points: { t: string; anomaly: boolean }[]) => points.filter((p) => p.anomaly).map((p) => p.t);

describe(`anomalies (${driverName})`, () => {
  it("flags the one day that departs from the same weekday of previous weeks", async () => {
    const result = await anomalies({ series: [{ event: "visit" }, { event: "buy" }, { event: "fresh" }] });
    const [visit, buy, fresh] = result.series;
    expect(visit?.points).toHaveLength(7);
    expect(flagged(visit?.points ?? [])).toEqual([]);
    expect(visit?.points.map((p) => p.expected)).toEqual([50, 50, 50, 50, 50, 20, 20]);
    expect(flagged(buy?.points ?? [])).toEqual([dipDay]);
    expect(buy?.points.find((p) => p.t === dipDay)).toMatchObject({
      value: 5,
      expected: 25,
      direction: "drop",
      history: "ok",
    });
    expect(fresh?.history).toBe("insufficient");
    expect(flagged(fresh?.points ?? [])).toEqual([]);
  });

  it("flags a funnel's step conversion by entry day", async () => {
    const result = await anomalies({ funnel: { steps: [{ event: "visit" }, { event: "buy" }], window: "1d" } });
    expect(result.series.map((s) => s.key)).toEqual(["1→2"]);
    const [conversion] = result.series;
    expect(flagged(conversion?.points ?? [])).toEqual([dipDay]);
    expect(conversion?.points.find((p) => p.t === dipDay)).toMatchObject({
      value: 0.1,
      successes: 5,
      trials: 50,
      expected: 0.5,
    });
  });

  it("refuses what it cannot judge, naming the field", () => {
    for (const [body, field] of [
      [{}, "series"],
      [{ series: [{ event: "a" }], funnel: { steps: [{ event: "a" }, { event: "b" }] } }, "series"],
      [{ funnel: { steps: [{ event: "a" }, { event: "b" }] }, interval: "hour" }, "interval"],
      [{ series: [{ event: "a" }], weeks: 2 }, "weeks"],
      [{ series: [{ event: "a" }], interval: "hour", to: "2026-06-01T00:00:00Z" }, "to"],
    ] as const) {
      const parsed = queryParamsSchema.safeParse({ kind: "anomalies", ...anomalyRange, ...body });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path.join(".")).toBe(field);
    }
  });
});
