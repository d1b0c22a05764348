import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRetention } from "@/lib/analytics/retention/get-retention";
import { getRetentionPersons } from "@/lib/analytics/retention/get-retention-persons";
import { retentionParamsSchema, retentionPersonsParamsSchema } from "@/lib/analytics/retention/params";
import { ApiError } from "@/lib/http/errors";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createProject, type Project } from "@/lib/projects/projects";
import {
  accountMessages,
  incompleteFixture,
  MONTHLY_ZONE,
  mergeMessages,
  monthlyMessages,
  monthlyRange,
  weeklyMessages,
  weeklyRange,
} from "../fixtures/retention";
import { createTestDatabase, driverName } from "../support/database";
import { ingest, ingestOneByOne } from "../support/ingest";

// The numbers below are worked out by hand in tests/fixtures/retention.ts.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const projects: Record<string, Project> = {};
const incomplete = incompleteFixture();

beforeAll(async () => {
  database = await createTestDatabase();
  const fixtures = { weekly: weeklyMessages, accounts: accountMessages, incomplete: incomplete.messages };
  for (const [slug, messages] of Object.entries(fixtures)) {
    projects[slug] = await createProject(database.db, { slug });
    await ingest(database.db, (projects[slug] as Project).id, messages);
  }
  projects.monthly = await createProject(database.db, { slug: "monthly", timeZone: MONTHLY_ZONE });
  await ingest(database.db, projects.monthly.id, monthlyMessages);
  projects.merge = await createProject(database.db, { slug: "merge" });
  await ingestOneByOne(database.db, projects.merge, mergeMessages);
});
afterAll(() => database.drop());

const weekly = { startEvent: "s", returnEvent: "r", period: "week", periods: 3, ...weeklyRange };
const retention = (slug: string, body: Record<string, unknown>) =>
  getRetention(
    database.db,
    projects[slug] as Project,
    retentionParamsSchema.parse({ kind: "retention", ...weekly, ...body }),
  );
const values = async (slug: string, body: Record<string, unknown> = {}) =>
  (await retention(slug, body)).cohorts.map((c) => c.values);

/** Every page of one cell's persons: their distinct ids (or accounts' group ids), sorted. */
async function cell(slug: string, body: Record<string, unknown>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const params = retentionPersonsParamsSchema.parse({
      kind: "retention_persons",
      ...weekly,
      limit: 1,
      ...body,
      ...(cursor ? { cursor } : {}),
    });
    const page = await getRetentionPersons(database.db, projects[slug] as Project, params, FULL_PII_ACCESS);
    ids.push(...page.persons.map((p) => p.distinctIds[0] as string), ...page.accounts.map((a) => a.groupId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids.sort();
}

describe(`retention (${driverName})`, () => {
  it("counts first-time cohorts on each later week, across the year boundary, with the weighted average", async () => {
    const result = await retention("weekly", {});
    expect(result.cohorts.map((c) => [c.start, c.size, c.values])).toEqual([
      ["2025-12-22T00:00:00Z", 4, [4, 1, 1, 2]],
      ["2025-12-29T00:00:00Z", 1, [1, 1, 0, 0]],
    ]);
    expect(result.cohorts[0]?.rates).toEqual([1, 0.25, 0.25, 0.5]);
    expect(result.cohorts.every((c) => c.incomplete.every((i) => !i))).toBe(true);
    expect(result.average.map((a) => a.rate)).toEqual([1, 2 / 5, 1 / 5, 2 / 5]);
    expect(result.average[1]).toEqual({ rate: 0.4, retained: 2, of: 5, cohorts: 2 });
    expect(result.meta).toMatchObject({ mode: "first_time", bounded: true, unit: "persons", startEvent: "s" });
  });

  it("counts on or after (unbounded) from each person's last return", async () => {
    expect(await values("weekly", { bounded: false })).toEqual([
      [4, 3, 3, 2],
      [1, 1, 0, 0],
    ]);
  });

  it("puts a person in every week they did the start event (recurring)", async () => {
    expect(await values("weekly", { mode: "recurring" })).toEqual([
      [4, 1, 1, 2],
      [3, 2, 1, 0],
    ]);
  });

  it("takes any event for both", async () => {
    expect(await values("weekly", { startEvent: "$any", returnEvent: "$any" })).toEqual([
      [4, 2, 1, 2],
      [1, 1, 0, 0],
    ]);
  });

  it("gives empty cohorts for an event never seen, not an error", async () => {
    expect(await values("weekly", { startEvent: "never_sent" })).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect((await retention("weekly", { startEvent: "never_sent" })).average[1]?.rate).toBeNull();
  });

  it("counts months of 28 to 31 days in the project's zone, across a DST change", async () => {
    const result = await retention("monthly", { period: "month", periods: 2, ...monthlyRange });
    expect(result.cohorts.map((c) => [c.start, c.values])).toEqual([
      ["2026-01-01T05:00:00Z", [1, 1, 1]],
      ["2026-02-01T05:00:00Z", [2, 1, 1]],
      ["2026-03-01T05:00:00Z", [1, 0, 0]],
    ]);
    expect(result.cohorts[2]?.end).toBe("2026-04-01T04:00:00Z");
  });

  it("counts an anonymous start and an identified return as one person", async () => {
    expect(await values("merge")).toEqual([
      [1, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it("counts accounts: a member starts, another returns", async () => {
    expect(await values("accounts", { unit: "accounts" })).toEqual([
      [1, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(
      await cell("accounts", { unit: "accounts", cohort: weeklyRange.from, periodIndex: 1, status: "retained" }),
    ).toEqual(["acme"]);
  });

  it("reports a period that has not ended as null with a flag, never 0", async () => {
    const result = await retention("incomplete", { period: "day", periods: 2, ...incomplete.range });
    expect(result.cohorts.map((c) => [c.start.replace("Z", ".000Z"), c.values])).toEqual([
      [incomplete.days[0], [1, 1, null]],
      [incomplete.days[1], [1, null, null]],
      [incomplete.days[2], [1, null, null]],
    ]);
    expect(result.cohorts.map((c) => c.incomplete)).toEqual([
      [false, false, true],
      [false, true, true],
      [true, true, true],
    ]);
    expect(result.average.map((a) => a.rate)).toEqual([1, 1, null]);
  });

  it("breaks down by the start event's property, top N and other", async () => {
    const result = await retention("weekly", { breakdown: { property: "plan" } });
    expect(result.breakdown?.values.map((v) => [v.value, v.other, v.size, v.cohorts.map((c) => c.values)])).toEqual([
      [
        "free",
        false,
        2,
        [
          [2, 0, 1, 1],
          [0, 0, 0, 0],
        ],
      ],
      [
        "pro",
        false,
        2,
        [
          [2, 1, 0, 1],
          [0, 0, 0, 0],
        ],
      ],
      [
        null,
        false,
        1,
        [
          [0, 0, 0, 0],
          [1, 1, 0, 0],
        ],
      ],
    ]);
    // The cohorts of everyone stay the sum of the groups.
    expect(result.cohorts.map((c) => c.values)).toEqual([
      [4, 1, 1, 2],
      [1, 1, 0, 0],
    ]);
    const top1 = await retention("weekly", { breakdown: { property: "plan", limit: 1 } });
    expect(top1.breakdown?.values.map((v) => [v.value, v.other, v.size])).toEqual([
      ["free", false, 2],
      [null, true, 3],
    ]);
    const breakdown = { property: "plan", limit: 1 };
    expect(
      await cell("weekly", {
        breakdown,
        breakdownValue: "$other",
        cohort: weeklyRange.from,
        periodIndex: 0,
        status: "retained",
      }),
    ).toEqual(["u1", "u3"]);
    expect(
      await cell("weekly", {
        breakdown,
        breakdownValue: "free",
        cohort: weeklyRange.from,
        periodIndex: 2,
        status: "retained",
      }),
    ).toEqual(["u2"]);
  });

  it("lists exactly the persons of every cell, both statuses, every mode", async () => {
    const W1 = weeklyRange.from;
    expect(await cell("weekly", { cohort: W1, periodIndex: 3, status: "retained" })).toEqual(["u1", "u6"]);
    expect(await cell("weekly", { cohort: W1, periodIndex: 3, status: "lost" })).toEqual(["u2", "u3"]);
    expect(await cell("weekly", { cohort: W1, periodIndex: 0, status: "retained" })).toEqual(["u1", "u2", "u3", "u6"]);
    for (const mode of [{}, { bounded: false }, { mode: "recurring" }, { startEvent: "$any", returnEvent: "$any" }]) {
      const result = await retention("weekly", mode);
      for (const cohort of result.cohorts) {
        for (const [k, value] of cohort.values.entries()) {
          const retained = await cell("weekly", { ...mode, cohort: cohort.start, periodIndex: k, status: "retained" });
          expect(retained.length, `${JSON.stringify(mode)} ${cohort.start} ${k}`).toBe(value);
          if (k > 0) {
            const lost = await cell("weekly", { ...mode, cohort: cohort.start, periodIndex: k, status: "lost" });
            expect(lost.length + retained.length).toBe(cohort.size);
          }
        }
      }
    }
    const moments = await getRetentionPersons(
      database.db,
      projects.weekly as Project,
      retentionPersonsParamsSchema.parse({
        kind: "retention_persons",
        ...weekly,
        cohort: W1,
        periodIndex: 1,
        status: "retained",
      }),
      FULL_PII_ACCESS,
    );
    expect(moments.persons.map((p) => [p.distinctIds[0], p.startedAt, p.returnedAt])).toEqual([
      ["u1", "2025-12-22T10:00:00Z", "2025-12-30T10:00:00Z"],
    ]);
  });

  it("refuses a cell outside the triangle, naming the field", async () => {
    const outside = async (body: Record<string, unknown>, slug = "weekly") => {
      try {
        await cell(slug, body);
        return null;
      } catch (error) {
        return error instanceof ApiError ? (error.details as { field: string }[])[0]?.field : String(error);
      }
    };
    expect(await outside({ cohort: "2025-12-23T00:00:00Z", periodIndex: 1, status: "retained" })).toBe("cohort");
    expect(await outside({ cohort: "2026-01-05T00:00:00Z", periodIndex: 1, status: "retained" })).toBe("cohort");
    expect(
      await outside(
        { period: "day", periods: 2, ...incomplete.range, cohort: incomplete.days[2], periodIndex: 1, status: "lost" },
        "incomplete",
      ),
    ).toBe("periodIndex");
  });
});

describe("retention parameters", () => {
  const field = (body: Record<string, unknown>, kind = "retention") =>
    (kind === "retention" ? retentionParamsSchema : retentionPersonsParamsSchema)
      .safeParse({ kind, ...weekly, ...body })
      .error?.issues[0]?.path.join(".");
  it("refuses what cannot be a retention query, naming the field", () => {
    expect(field({ periods: 0 })).toBe("periods");
    expect(field({ periods: 91 })).toBe("periods");
    expect(field({ to: weeklyRange.from, from: weeklyRange.to })).toBe("to");
    expect(field({ period: "year" })).toBe("period");
    expect(field({ mode: "sometimes" })).toBe("mode");
    expect(field({ startEvent: { event: "s", where: [{ property: "plan", op: "like", value: "x" }] } })).toBe(
      "startEvent",
    );
    const cellOf = { cohort: weeklyRange.from, status: "retained" };
    expect(field({ ...cellOf, periodIndex: 4 }, "retention_persons")).toBe("periodIndex");
    expect(field({ ...cellOf, periodIndex: 0, status: "lost" }, "retention_persons")).toBe("status");
    expect(field({ ...cellOf, periodIndex: 1, cursor: "not-a-cursor" }, "retention_persons")).toBe("cursor");
    expect(
      field({
        startEvent: { event: "s", where: [{ property: "plan'; drop table events; --", op: "eq", value: "x" }] },
      }),
    ).toBeUndefined();
  });
});
