import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFunnel } from "@/lib/analytics/funnel/get-funnel";
import { getFunnelPersons } from "@/lib/analytics/funnel/get-funnel-persons";
import { funnelParamsSchema, funnelPersonsParamsSchema } from "@/lib/analytics/funnel/params";
import { createRandom } from "@/lib/demo/random";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createProject, type Project } from "@/lib/projects/projects";
import { createTestDatabase, driverName } from "../support/database";
import { bestAttempt, type RefEvent, type RefFunnel } from "../support/funnel-reference";
import { ingest } from "../support/ingest";

/**
 * The funnel's SQL against DESIGN §5.1 written the plainest way (tests/support/funnel-reference.ts),
 * on seeded random histories made to hit the rules' edges: times on a 5-minute grid (many equal
 * timestamps, steps exactly one window apart), repeated steps, entries before and after the range,
 * an event `x` that is no step (strict's interruptions, the exclusion). Every count and every
 * person's best attempt (its step times, from the drilldown) must be the reference's.
 */
const T = Date.parse("2026-03-02T00:00:00Z");
const MINUTE = 60_000;
const range = { from: T, to: T + 1440 * MINUTE };
const names = ["a", "b", "c", "d", "x"] as const;

function histories(seed: number, persons: number): Map<string, RefEvent[]> {
  const random = createRandom(seed);
  const all = new Map<string, RefEvent[]>();
  const emit = (events: RefEvent[], event: string, minutes: number) => events.push({ event, ms: T + minutes * MINUTE });
  for (let i = 0; i < persons; i++) {
    const events: RefEvent[] = [];
    for (let burst = random.int(1, 4); burst > 0; burst--) {
      // Mostly the steps in order, with gaps of 0–20 minutes (equal times, exactly 60 from the
      // entry), some skipped, repeated or preceded by an x; then a few events in any order.
      let minutes = random.int(-12, 300) * 5;
      for (const step of names.slice(0, 4)) {
        if (random.chance(0.2)) emit(events, "x", minutes + random.int(0, 2) * 5);
        if (random.chance(0.85)) emit(events, step, minutes);
        if (random.chance(0.2)) emit(events, step, minutes + random.int(0, 3) * 5);
        minutes += random.int(0, 5) * 5;
      }
      for (let n = random.int(0, 4); n > 0; n--) emit(events, random.pick(names), minutes + random.int(-12, 12) * 5);
    }
    all.set(`r${i}`, events);
  }
  return all;
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;
const people = histories(20261203, 400);

beforeAll(async () => {
  database = await createTestDatabase();
  project = await createProject(database.db, { slug: "reference" });
  const messages = [...people].flatMap(([userId, events]) =>
    events.map((e) => ({ type: "track", event: e.event, userId, timestamp: new Date(e.ms).toISOString() })),
  );
  await ingest(database.db, project.id, messages);
});
afterAll(() => database.drop());

const cases: (Pick<RefFunnel, "order" | "exclusion"> & { name: string })[] = [
  { name: "ordered", order: "ordered" },
  { name: "strict", order: "strict" },
  { name: "any order", order: "any" },
  { name: "ordered, x excluded between steps 2 and 3", order: "ordered", exclusion: { event: "x", between: [2, 3] } },
  { name: "strict, x excluded between steps 1 and 2", order: "strict", exclusion: { event: "x", between: [1, 2] } },
];

describe(`funnels against the reference (${driverName})`, () => {
  it.each(cases)("$name: every count and every best attempt", async ({ order, exclusion }) => {
    const steps = ["a", "b", "c", "d"];
    const reference: RefFunnel = { steps, order, windowMs: 60 * MINUTE, ...range, exclusion };
    const body = {
      steps: steps.map((event) => ({ event })),
      order,
      window: "60m",
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      ...(exclusion ? { exclusions: [exclusion] } : {}),
    };
    const expected = new Map<string, string[]>();
    for (const [id, events] of people) {
      const best = bestAttempt(events, reference);
      if (best)
        expected.set(
          id,
          best.times.map((ms) => new Date(ms).toISOString()),
        );
    }
    const result = await getFunnel(database.db, project, funnelParamsSchema.parse({ kind: "funnel", ...body }));
    const counts = steps.map((_, k) => [...expected.values()].filter((times) => times.length > k).length);
    expect(result.steps.map((s) => s.count)).toEqual(counts);
    expect(counts[0]).toBeGreaterThan(100);
    expect(counts[3]).toBeGreaterThan(5);

    // Everyone who entered, with their attempt's step times.
    const actual = new Map<string, string[]>();
    let cursor: string | undefined;
    do {
      const params = funnelPersonsParamsSchema.parse({
        kind: "funnel_persons",
        ...body,
        step: 1,
        status: "converted",
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      const page = await getFunnelPersons(database.db, project, params, FULL_PII_ACCESS);
      for (const p of page.persons)
        actual.set(
          p.distinctIds[0] as string,
          p.steps.filter((s) => s !== null),
        );
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(Object.fromEntries([...actual].sort())).toEqual(Object.fromEntries([...expected].sort()));
  });
});
