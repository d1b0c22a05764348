import { describe, expect, it } from "vitest";
import { planDemo } from "./generate";

const end = new Date("2026-11-22T12:00:00Z");
const collect = (events: number, seed: number) => [...planDemo({ events, seed, end }).days()].flat();

describe("demo generator", () => {
  it("is deterministic for a seed and lands near the requested volume", () => {
    const a = collect(20_000, 7);
    const b = collect(20_000, 7);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(15_000);
    expect(a.length).toBeLessThan(25_000);
    expect(collect(20_000, 8)).not.toEqual(a);
  });

  it("covers 90 days ending at `end`, in time order per day", () => {
    const messages = collect(20_000, 7);
    const times = messages.map((m) => Date.parse(m.timestamp as string));
    expect(Math.max(...times)).toBeLessThan(end.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(end.getTime() - 90 * 86_400_000);
  });

  it("is live at any hour it is seeded: its newest event is minutes before `end`", () => {
    for (let hour = 0; hour < 24; hour += 1) {
      const at = new Date(Date.UTC(2026, 11, 4, hour, 54));
      const days = [...planDemo({ events: 2_000, seed: 7, end: at, days: 3 }).days()];
      const newest = Math.max(...(days.at(-1) ?? []).map((m) => Date.parse(m.timestamp as string)));
      expect(at.getTime() - newest, `seeded at ${hour}:54`).toBeLessThan(20 * 60_000);
    }
  });

  it("plants the Android 5.2.0 add_to_cart dip", () => {
    const messages = collect(60_000, 42);
    const rate = (match: (m: (typeof messages)[number]) => boolean) => {
      const own = messages.filter(match);
      const views = own.filter((m) => m.event === "product_viewed").length;
      return own.filter((m) => m.event === "add_to_cart").length / Math.max(1, views);
    };
    const version = (m: (typeof messages)[number]) => (m.context as { app?: { version?: string } }).app?.version;
    const os = (m: (typeof messages)[number]) => (m.context as { os?: { name?: string } }).os?.name;
    const broken = rate((m) => os(m) === "Android" && version(m) === "5.2.0");
    const healthy = rate((m) => os(m) === "Android" && version(m) === "5.1.0");
    expect(broken).toBeLessThan(healthy * 0.6);
  });

  it("has about fifteen deploys with commits", () => {
    const { deploys } = planDemo({ events: 1_000, seed: 1, end });
    expect(deploys.length).toBeGreaterThanOrEqual(14);
    expect(deploys.every((d) => d.commit.length === 10)).toBe(true);
  });
});
