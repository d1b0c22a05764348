import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFunnel } from "@/lib/analytics/funnel/get-funnel";
import { getFunnelPersons } from "@/lib/analytics/funnel/get-funnel-persons";
import { funnelParamsSchema, funnelPersonsParamsSchema } from "@/lib/analytics/funnel/params";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createProject, type Project } from "@/lib/projects/projects";
import {
  accountMessages,
  anyOrderBreakdownMessages,
  anyOrderMessages,
  at,
  breakdownMessages,
  exclusionMessages,
  mergeMessages,
  optionalMessages,
  orderedMessages,
  orMessages,
  strictAccountMessages,
  strictMessages,
} from "../fixtures/funnels";
import { createTestDatabase, driverName } from "../support/database";
import { ingest, ingestOneByOne } from "../support/ingest";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const projects: Record<string, Project> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const fixtures = {
    ordered: orderedMessages,
    strict: strictMessages,
    any: anyOrderMessages,
    exclusion: exclusionMessages,
    or: orMessages,
    optional: optionalMessages,
    breakdown: breakdownMessages,
    accounts: accountMessages,
    "strict-accounts": strictAccountMessages,
    "any-breakdown": anyOrderBreakdownMessages,
  };
  for (const [slug, messages] of Object.entries(fixtures)) {
    projects[slug] = await createProject(database.db, { slug });
    await ingest(database.db, (projects[slug] as Project).id, messages);
  }
  projects.merge = await createProject(database.db, { slug: "merge" });
  await ingestOneByOne(database.db, projects.merge, mergeMessages);
  projects.empty = await createProject(database.db, { slug: "empty" });
});
afterAll(() => database.drop());

const range = { from: at(0), to: at(1440) };
const steps = (...names: string[]) => names.map((event) => ({ event }));
const funnel = (slug: string, body: Record<string, unknown>) =>
  getFunnel(
    database.db,
    projects[slug] as Project,
    funnelParamsSchema.parse({ kind: "funnel", window: "60m", ...range, ...body }),
  );
const counts = async (slug: string, body: Record<string, unknown>) =>
  (await funnel(slug, body)).steps.map((s) => s.count);

/** Every page of funnel_persons for one step and status: the distinct ids of who is there. */
async function everyone(slug: string, body: Record<string, unknown>, step: number, status: "converted" | "dropped") {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const params = funnelPersonsParamsSchema.parse({
      kind: "funnel_persons",
      window: "60m",
      ...range,
      ...body,
      step,
      status,
      limit: 2,
      ...(cursor ? { cursor } : {}),
    });
    const page = await getFunnelPersons(database.db, projects[slug] as Project, params, FULL_PII_ACCESS);
    ids.push(...page.persons.map((p) => p.distinctIds[0] as string), ...page.accounts.map((a) => a.groupId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids.sort();
}

describe(`funnels (${driverName})`, () => {
  it("ordered: window edge, equal timestamps, later and tied attempts, entries in range only", async () => {
    const result = await funnel("ordered", { steps: steps("a", "b", "c") });
    expect(result.steps.map((s) => s.count)).toEqual([10, 7, 3]);
    expect(result.steps[1]).toMatchObject({
      dropped: 3,
      conversionFromPrevious: 0.7,
      medianSecondsFromPrevious: 600,
      p90SecondsFromPrevious: 1800,
    });
    expect(result.steps[2]).toMatchObject({
      medianSecondsFromPrevious: 600,
      medianSecondsFromStart: 1200,
      conversionFromStart: 0.3,
    });
    expect(result.timeToConvert.buckets).toEqual([
      { fromSeconds: 600, toSeconds: 1800, count: 2 },
      { fromSeconds: 1800, toSeconds: 3600, count: 0 },
      { fromSeconds: 3600, toSeconds: 7200, count: 1 },
    ]);
    expect(result.timeToConvert.medianSeconds).toBe(1200);
  });

  it("lists exactly the persons behind every number, every step, both statuses", async () => {
    const body = { steps: steps("a", "b", "c") };
    expect(await everyone("ordered", body, 1, "converted")).toEqual([
      "p1",
      "p12",
      "p2",
      "p3",
      "p4",
      "p5",
      "p6",
      "p7",
      "p8",
      "p9",
    ]);
    expect(await everyone("ordered", body, 2, "converted")).toEqual(["p1", "p12", "p2", "p5", "p6", "p8", "p9"]);
    expect(await everyone("ordered", body, 2, "dropped")).toEqual(["p3", "p4", "p7"]);
    expect(await everyone("ordered", body, 3, "converted")).toEqual(["p1", "p5", "p8"]);
    expect(await everyone("ordered", body, 3, "dropped")).toEqual(["p12", "p2", "p6", "p9"]);
    // With the attempt's step times: p8's are its second attempt's.
    const page = await getFunnelPersons(
      database.db,
      projects.ordered as Project,
      funnelPersonsParamsSchema.parse({
        kind: "funnel_persons",
        window: "60m",
        ...range,
        ...body,
        step: 3,
        status: "converted",
      }),
      FULL_PII_ACCESS,
    );
    expect(page.persons.find((p) => p.distinctIds[0] === "p8")?.steps).toEqual([at(120), at(130), at(140)]);
  });

  it("strict: another event between two steps breaks the chain; one at a step's instant does not", async () => {
    expect(await counts("strict", { steps: steps("a", "b", "c"), order: "strict" })).toEqual([4, 3, 1]);
  });

  it("any order: distinct steps within the window of the entry", async () => {
    expect(await counts("any", { steps: steps("a", "b", "c"), order: "any" })).toEqual([4, 2, 1]);
  });

  it("exclusions void an attempt between its steps, or after step a when b was not reached", async () => {
    const body = { steps: steps("a", "b", "c"), exclusions: [{ event: "x", between: [1, 2] }] };
    expect(await counts("exclusion", body)).toEqual([2, 2, 1]);
    expect(await everyone("exclusion", body, 1, "converted")).toEqual(["x2", "x4"]);
  });

  it("OR-steps and optional steps", async () => {
    expect(
      await counts("or", { steps: [{ event: "a" }, { anyOf: [{ event: "b1" }, { event: "b2" }] }, { event: "c" }] }),
    ).toEqual([2, 2, 1]);
    const optional = await funnel("optional", {
      steps: [{ event: "a" }, { event: "o", optional: true }, { event: "c" }],
    });
    expect(optional.steps.map((s) => [s.count, s.conversionFromPrevious, s.dropped])).toEqual([
      [4, 1, 0],
      [2, 0.5, 2],
      [3, 0.75, 1],
    ]);
    const body = { steps: [{ event: "a" }, { event: "o", optional: true }, { event: "c" }] };
    expect(await everyone("optional", body, 2, "converted")).toEqual(["q1", "q3"]);
    expect(await everyone("optional", body, 3, "dropped")).toEqual(["q3"]);
  });

  it("counts anonymous steps as the person's after identify", async () => {
    expect(await counts("merge", { steps: steps("a", "b") })).toEqual([1, 1]);
  });

  it("breaks down by the value at the best attempt's entry, top N and other", async () => {
    const result = await funnel("breakdown", {
      steps: steps("a", "b"),
      window: "60m",
      breakdown: { property: "plan" },
    });
    expect(result.breakdown?.values.map((v) => [v.value, v.other, v.steps.map((s) => s.count)])).toEqual([
      ["free", false, [2, 1]],
      ["pro", false, [1, 1]],
      [null, false, [1, 0]],
    ]);
    const top1 = await funnel("breakdown", { steps: steps("a", "b"), breakdown: { property: "plan", limit: 1 } });
    expect(top1.breakdown?.values.map((v) => [v.value, v.other, v.steps.map((s) => s.count)])).toEqual([
      ["free", false, [2, 1]],
      [null, true, [2, 1]],
    ]);
    const body = { steps: steps("a", "b"), breakdown: { property: "plan", limit: 1 } };
    const other = await getFunnelPersons(
      database.db,
      projects.breakdown as Project,
      funnelPersonsParamsSchema.parse({
        kind: "funnel_persons",
        window: "60m",
        ...range,
        ...body,
        step: 1,
        status: "converted",
        breakdownValue: "$other",
      }),
      FULL_PII_ACCESS,
    );
    expect(other.persons.map((p) => p.distinctIds[0])).toEqual(["b1", "b4"]);
    // No value is one of the top N when it is frequent enough, and "other" when it is not.
    const top3 = await funnel("breakdown", { steps: steps("a", "b"), breakdown: { property: "plan", limit: 3 } });
    expect(top3.breakdown?.values.map((v) => [v.value, v.other])).toEqual([
      ["free", false],
      ["pro", false],
      [null, false],
    ]);
    const personsOf = (limit: number, breakdownValue: string | null) =>
      getFunnelPersons(
        database.db,
        projects.breakdown as Project,
        funnelPersonsParamsSchema.parse({
          kind: "funnel_persons",
          window: "60m",
          ...range,
          steps: steps("a", "b"),
          breakdown: { property: "plan", limit },
          step: 1,
          status: "converted",
          breakdownValue,
        }),
        FULL_PII_ACCESS,
      ).then((page) => page.persons.map((p) => p.distinctIds[0]));
    expect(await personsOf(3, null)).toEqual(["b4"]);
    expect(await personsOf(3, "$other")).toEqual([]);
    expect(await personsOf(2, "$other")).toEqual(["b4"]);
    expect(await personsOf(2, "pro")).toEqual(["b1"]);
  });

  it("counts accounts: members' events as one sequence, persons without an account said apart", async () => {
    const result = await funnel("accounts", { steps: steps("a", "b"), unit: "accounts" });
    expect(result.steps.map((s) => s.count)).toEqual([1, 1]);
    expect(result.meta).toMatchObject({ unit: "accounts", personsWithoutAccount: 1 });
    expect(await everyone("accounts", { steps: steps("a", "b"), unit: "accounts" }, 2, "converted")).toEqual(["acme"]);
  });

  it("any order: the breakdown value is the entry's, whichever step's event it is", async () => {
    const result = await funnel("any-breakdown", {
      steps: steps("a", "b"),
      order: "any",
      breakdown: { property: "plan" },
    });
    const byValue = Object.fromEntries(
      (result.breakdown?.values ?? []).map((v) => [v.value, v.steps.map((s) => s.count)]),
    );
    // z1 entered with b (plan team) and did a 5 s later; z2 entered with a (pro), nothing else.
    expect(byValue).toEqual({ team: [1, 1], pro: [1, 0] });
    // And who entered without an account: u3's a is an entry in any order, also as the second step.
    const accounts = await funnel("accounts", { steps: steps("b", "a"), order: "any", unit: "accounts" });
    expect(accounts.meta).toMatchObject({ personsWithoutAccount: 1 });
  });

  it("strict by account: another member's event between two steps breaks the account's chain", async () => {
    const body = { steps: steps("a", "b", "c"), unit: "accounts" };
    expect(await counts("strict-accounts", { ...body, order: "ordered" })).toEqual([2, 2, 2]);
    expect(await counts("strict-accounts", { ...body, order: "strict" })).toEqual([2, 1, 1]);
    expect(await everyone("strict-accounts", { ...body, order: "strict" }, 2, "dropped")).toEqual(["globex"]);
  });

  it("answers an empty range with zeros, and an unknown event as a step nobody reached", async () => {
    expect(await counts("empty", { steps: steps("a", "b") })).toEqual([0, 0]);
    expect(await counts("ordered", { steps: steps("a", "never_sent") })).toEqual([10, 0]);
    const result = await funnel("ordered", { steps: steps("a", "b"), interval: "day" });
    expect(result.overTime.points).toEqual([
      // `reached`: the entries that reached each required step (anomalies judge each step's conversion).
      { t: at(0).replace(".000", ""), entered: 10, converted: 7, rate: 0.7, incomplete: false, reached: [10, 7] },
    ]);
  });
});

describe("funnel parameters", () => {
  const field = (body: Record<string, unknown>) =>
    funnelParamsSchema
      .safeParse({ kind: "funnel", ...range, steps: steps("a", "b"), ...body })
      .error?.issues[0]?.path.join(".");
  it("refuses what cannot be a funnel, naming the field", () => {
    expect(field({ steps: steps("a") })).toBe("steps");
    expect(field({ steps: steps(...Array.from({ length: 21 }, (_, i) => `e${i}`)) })).toBe("steps");
    expect(field({ window: "0s" })).toBe("window");
    expect(field({ window: "367d" })).toBe("window");
    expect(field({ steps: [{ event: "a", optional: true }, { event: "b" }] })).toBe("steps.0.optional");
    expect(field({ steps: [{ event: "a" }, { event: "b", optional: true }] })).toBe("steps.1.optional");
    expect(field({ exclusions: [{ event: "x", between: [2, 1] }] })).toBe("exclusions.0.between");
    expect(field({ steps: [{ event: "a", where: [{ property: "p", op: "like", value: 1 }] }, { event: "b" }] })).toBe(
      "steps.0.where.0.op",
    );
    const persons = (body: Record<string, unknown>) =>
      funnelPersonsParamsSchema
        .safeParse({ kind: "funnel_persons", ...range, steps: steps("a", "b"), status: "converted", ...body })
        .error?.issues[0]?.path.join(".");
    expect(persons({ step: 3 })).toBe("step");
    expect(persons({ step: 1, status: "dropped" })).toBe("status");
    expect(persons({ step: 1, cursor: ["x"] })).toBe("cursor");
  });
});
