import { describe, expect, it } from "vitest";
import {
  COPY_COLUMNS,
  DAY_MS,
  type DatasetSpec,
  dayRows,
  eventNames,
  eventsOnDay,
  funnelChain,
  personTraits,
  plantedDeploys,
} from "./dataset-events";

const spec: DatasetSpec = { events: 90_000, seed: 3, days: 90, endMs: Date.UTC(2026, 10, 1) };
const ids = new Map(eventNames.map((name, i) => [name, i + 1]));
const nameOf = new Map([...ids].map(([name, id]) => [String(id), name]));
const parse = (line: string) => Object.fromEntries(COPY_COLUMNS.map((c, i) => [c, line.split("\t")[i] as string]));

describe("benchmark data set", () => {
  it("has 40 event names and days that add up to the requested total", () => {
    expect(new Set(eventNames).size).toBe(40);
    let total = 0;
    for (let day = 0; day < spec.days; day++) total += eventsOnDay(spec, day);
    expect(total).toBe(spec.events);
    expect([...dayRows(spec, 1, ids, 10)]).toHaveLength(eventsOnDay(spec, 10));
  });

  it("is deterministic: the same day gives the same rows", () => {
    expect([...dayRows(spec, 1, ids, 5)]).toEqual([...dayRows(spec, 1, ids, 5)]);
    expect([...dayRows(spec, 1, ids, 5)]).not.toEqual([...dayRows({ ...spec, seed: 4 }, 1, ids, 5)]);
  });

  it("writes valid rows inside the day, with unique message ids", () => {
    const day = 30;
    const start = spec.endMs - (spec.days - day) * DAY_MS;
    const rows = [...dayRows(spec, 1, ids, day)].map(parse);
    expect(
      rows.every((r) => r.timestamp && Date.parse(r.timestamp) >= start && Date.parse(r.timestamp) < start + DAY_MS),
    ).toBe(true);
    expect(rows.every((r) => nameOf.has(r.event_id as string))).toBe(true);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(rows.length);
    expect(rows.every((r) => JSON.parse(r.properties as string) !== null)).toBe(true);
  });

  it("concentrates events on extreme users, some sharing one timestamp", () => {
    const rows = [...dayRows(spec, 1, ids, 20)].map(parse);
    const extreme = rows.filter((r) => Number(r.person_id) <= 5);
    expect(extreme.length / rows.length).toBeGreaterThanOrEqual(0.04);
    const perInstant = new Map<string, number>();
    for (const r of extreme)
      perInstant.set(`${r.person_id}|${r.timestamp}`, (perInstant.get(`${r.person_id}|${r.timestamp}`) ?? 0) + 1);
    expect(Math.max(...perInstant.values())).toBeGreaterThanOrEqual(10);
  });

  it("walks the funnel chain in order, and plants the Android cart regression after its deploy", () => {
    const conversion = (days: number[], platform: string) => {
      let carts = 0;
      let checkouts = 0;
      for (const day of days) {
        const bySession = new Map<string, string[]>();
        for (const r of [...dayRows(spec, 1, ids, day)].map(parse)) {
          if (Number(r.person_id) <= 5 || personTraits(spec, Number(r.person_id)).platform !== platform) continue;
          const steps = bySession.get(r.session_id as string) ?? [];
          steps.push(nameOf.get(r.event_id as string) as string);
          bySession.set(r.session_id as string, steps);
        }
        for (const steps of bySession.values()) {
          const chain = steps.filter((s) => (funnelChain as readonly string[]).includes(s));
          if (chain.length === 0) continue;
          expect(chain).toEqual(funnelChain.slice(0, chain.length));
          if (chain.length >= 2) carts++;
          if (chain.length >= 3) checkouts++;
        }
      }
      return checkouts / carts;
    };
    const { day } = plantedDeploys(spec).androidRegression;
    const before = conversion([day - 6, day - 5, day - 4, day - 3, day - 2, day - 1], "android");
    const after = conversion([day, day + 1, day + 2, day + 3, day + 4, day + 5], "android");
    expect(before).toBeGreaterThan(0.5);
    expect(after).toBeLessThan(0.45);
  });
});
