import { describe, expect, it } from "vitest";
import { findGaps, toGapSpans } from "./gaps";

const HOUR = 3_600_000;
const WEEK = 168 * HOUR;
const monday = Date.parse("2026-03-30T00:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Five hours judged, 00:00–05:00 on Monday 30 March, each with its same hour in the 4 weeks
 * before (weeks 1…4 back). Medians of 4 = mean of the middle two, worked out by hand:
 *   00:00  history 100 100 100 100 → 100; no events at all (absent)  → 0 < 10: gap
 *   01:00  history  30  10  20  40 →  25; 2                          → 2 < 2.5: gap
 *   02:00  history 100 100 100 100 → 100; 10                         → 10 is not < 10: no gap
 *   03:00  history   0   0   0 500 →   0 (one odd week)              → below 20: not judged
 *   04:00  history  19  19  20  20 → 19.5; 0                         → below 20: not judged
 */
const history: [number, number[], number | null][] = [
  [0, [100, 100, 100, 100], null],
  [1, [30, 10, 20, 40], 2],
  [2, [100, 100, 100, 100], 10],
  [3, [0, 0, 0, 500], 0],
  [4, [19, 19, 20, 20], 0],
];
const hourly = history.flatMap(([hour, past, now]) => [
  ...past.map((value, k) => ({ t: iso(monday + hour * HOUR - (k + 1) * WEEK), value })),
  ...(now === null ? [] : [{ t: iso(monday + hour * HOUR), value: now }]),
]);

describe("findGaps", () => {
  it("flags hours under 10 % of the same hour's median over 4 weeks, where that median is at least 20", () => {
    expect(findGaps(hourly, { from: iso(monday), to: iso(monday + 5 * HOUR) })).toEqual([
      { t: "2026-03-30T00:00:00.000Z", value: 0, expected: 100 },
      { t: "2026-03-30T01:00:00.000Z", value: 2, expected: 25 },
    ]);
  });

  it("judges whole hours only: one still running at `to` is not judged", () => {
    expect(findGaps(hourly, { from: iso(monday), to: iso(monday + 1.5 * HOUR) })).toEqual([
      { t: "2026-03-30T00:00:00.000Z", value: 0, expected: 100 },
    ]);
    expect(findGaps(hourly, { from: iso(monday + 0.5 * HOUR), to: iso(monday + 2 * HOUR) })).toHaveLength(1);
  });

  it("finds nothing without history (a new project)", () => {
    expect(findGaps([], { from: iso(monday), to: iso(monday + 5 * HOUR) })).toEqual([]);
  });
});

describe("toGapSpans", () => {
  it("folds consecutive hours into one span and keeps separate ones apart", () => {
    const spans = toGapSpans([
      { t: "2026-03-30T00:00:00.000Z", value: 0, expected: 100 },
      { t: "2026-03-30T01:00:00.000Z", value: 2, expected: 25 },
      { t: "2026-03-30T05:00:00.000Z", value: 1, expected: 40 },
    ]);
    expect(spans).toEqual([
      { from: "2026-03-30T00:00:00.000Z", to: "2026-03-30T02:00:00.000Z", hours: 2, observed: 2, expected: 125 },
      { from: "2026-03-30T05:00:00.000Z", to: "2026-03-30T06:00:00.000Z", hours: 1, observed: 1, expected: 40 },
    ]);
  });
});
