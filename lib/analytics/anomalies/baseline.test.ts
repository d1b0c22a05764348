import { describe, expect, it } from "vitest";
import { firstJudgedSlot, sameSlotHistory } from "./baseline";

const days = (n: number, start = "2026-01-01") =>
  Array.from({ length: n }, (_, i) => ({
    t: new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000).toISOString(),
    value: i,
  }));

describe("same-slot baseline", () => {
  it("takes the same weekday of each previous week, most recent first, never the slot itself", () => {
    const slots = days(30);
    const [first, second] = sameSlotHistory(slots, 28, 7, 4, slots[0]?.t ?? null);
    expect(first).toEqual([21, 14, 7, 0]);
    expect(second).toEqual([22, 15, 8, 1]);
  });

  it("leaves out weeks before the data began, and before the slots asked for", () => {
    const slots = days(30);
    expect(sameSlotHistory(slots, 28, 7, 5, slots[10]?.t ?? null)[0]).toEqual([21, 14, null, null, null]);
    expect(sameSlotHistory(slots, 10, 7, 3, null)[0]).toEqual([null, null, null]);
  });

  it("finds the slot that holds the range's start", () => {
    const slots = days(5);
    expect(firstJudgedSlot(slots, "2026-01-03T00:00:00.000Z")).toBe(2);
    expect(firstJudgedSlot(slots, "2026-01-03T05:00:00.000Z")).toBe(2);
  });
});
