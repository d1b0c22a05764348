const HOUR = 3_600_000;
const WEEK = 168 * HOUR;

/** The rule of a "data missing or late" hour (docs/data-quality.md#gaps). */
export const GAP_RULE = { weeks: 4, share: 0.1, minExpected: 20 } as const;

/** An hour judged missing or late: its volume and the median of the same hour in past weeks. */
export type GapHour = { t: string; value: number; expected: number };
/** Consecutive gap hours as one span `[from, to)`. */
export type GapSpan = { from: string; to: string; hours: number; observed: number; expected: number };

/**
 * The hours of `[from, to)` (whole UTC hours) whose volume is below GAP_RULE.share of the median
 * of the same hour of the week in the GAP_RULE.weeks weeks before, where that median is at least
 * GAP_RULE.minExpected. `hourly` holds the volume per hour from `from` − 4 weeks on; an hour it
 * does not list had no events. The median of 4 is the mean of the middle two, so one odd week
 * (a holiday, an earlier outage) neither makes nor hides a gap.
 */
export function findGaps(hourly: { t: string; value: number }[], range: { from: string; to: string }): GapHour[] {
  const volume = new Map(hourly.map((p) => [Date.parse(p.t), p.value]));
  const at = (ms: number) => volume.get(ms) ?? 0;
  const gaps: GapHour[] = [];
  const start = Math.ceil(Date.parse(range.from) / HOUR) * HOUR;
  for (let t = start; t + HOUR <= Date.parse(range.to); t += HOUR) {
    const past = Array.from({ length: GAP_RULE.weeks }, (_, k) => at(t - (k + 1) * WEEK));
    const expected = median(past);
    const value = at(t);
    if (expected >= GAP_RULE.minExpected && value < GAP_RULE.share * expected) {
      gaps.push({ t: new Date(t).toISOString(), value, expected });
    }
  }
  return gaps;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 0 ? ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2 : (sorted[Math.floor(mid)] ?? 0);
}

/** Gap hours (in time order) folded into spans of consecutive hours, with their sums. */
export function toGapSpans(hours: GapHour[]): GapSpan[] {
  const spans: GapSpan[] = [];
  for (const hour of hours) {
    const t = Date.parse(hour.t);
    const last = spans.at(-1);
    if (last && Date.parse(last.to) === t) {
      last.to = new Date(t + HOUR).toISOString();
      last.hours++;
      last.observed += hour.value;
      last.expected += hour.expected;
    } else {
      const to = new Date(t + HOUR).toISOString();
      spans.push({ from: hour.t, to, hours: 1, observed: hour.value, expected: hour.expected });
    }
  }
  return spans;
}
