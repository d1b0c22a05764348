import type { ImpactChange } from "./analyze";
import { explainChange, type SegmentCell } from "./attribution";
import { type Counts, medianShare } from "./counts";
import { PAIR_DIMENSION, splitPair } from "./params";

/** Root-cause values expected to hold more than this share of their dimension's volume are not named. */
const MAX_HELD = 0.6;
/** A segment value's own usual share of its traffic is used when its baseline weeks hold this many events. */
const MIN_OWN_SHARE_EVENTS = 10;

/**
 * A change's root cause: each value's expected count is its own traffic in the window times the
 * event's usual share of that traffic (the value's own, or the scope's for a value new since the
 * baseline), so a release rolling out (traffic moving from one version to the next) is not
 * mistaken for a change; then attribution.ts names the values that explain the deviation. A
 * change in one segment is explained by os × app_version within it (the only pair counted).
 */
export function explain(change: ImpactChange, eventId: number, counts: Counts): ImpactChange {
  const scope = change.segment;
  const scopeShare =
    medianShare(
      counts.windowsOf(eventId, scope?.dimension ?? "", scope?.value ?? null),
      counts.windowsOf(null, scope?.dimension ?? "", scope?.value ?? null),
      counts.missingWeeks,
    ) ?? 0;
  const cell = (
    dimension: string,
    value: string | null,
    named: { dimension: string; value: string | null },
  ): SegmentCell => {
    const events = counts.windowsOf(eventId, dimension, value);
    const traffic = counts.windowsOf(null, dimension, value);
    // A value's own usual share needs events to go on; a rare one takes the scope's.
    const seen = counts.baselineOf(events).reduce<number>((sum, n) => sum + (n ?? 0), 0);
    const rate =
      seen >= MIN_OWN_SHARE_EVENTS ? (medianShare(events, traffic, counts.missingWeeks) ?? scopeShare) : scopeShare;
    return { ...named, expected: (traffic[0] ?? 0) * rate, observed: events[0] ?? 0 };
  };
  const pairValues = [...counts.valuesOf(eventId, PAIR_DIMENSION)].filter((v): v is string => v !== null);
  let cells: SegmentCell[] = [];
  let pairs: SegmentCell[] = [];
  if (!scope) {
    cells = counts
      .dimensionsOf(eventId)
      .filter((d) => d !== PAIR_DIMENSION)
      .flatMap((d) => [...counts.valuesOf(eventId, d)].map((v) => cell(d, v, { dimension: d, value: v })));
    pairs = pairValues.map((v) => cell(PAIR_DIMENSION, v, { dimension: PAIR_DIMENSION, value: v }));
  } else if (scope.dimension === "os" || scope.dimension === "app_version") {
    const byOs = scope.dimension === "os";
    cells = pairValues
      .filter((v) => (byOs ? splitPair(v).os : splitPair(v).version) === scope.value)
      .map((v) =>
        cell(PAIR_DIMENSION, v, {
          dimension: byOs ? "app_version" : "os",
          value: byOs ? splitPair(v).version : splitPair(v).os,
        }),
      );
  }
  if (cells.length === 0) return change;
  const expected =
    cells.reduce((sum, c) => sum + c.expected, 0) / Math.max(1, new Set(cells.map((c) => c.dimension)).size);
  // Values that hold most of their dimension's volume ("desktop and mobile", "no path") explain
  // nothing: that dimension is left out and the next one asked.
  const volume = (c: { expected: number; observed: number }) => c.expected + c.observed;
  const held = (d: { dimension: string; values: { expected: number; observed: number }[] }) => {
    const all = cells.filter((c) => c.dimension === d.dimension).reduce((sum, c) => sum + volume(c), 0);
    return all > 0 ? d.values.reduce((sum, v) => sum + volume(v), 0) / all : 0;
  };
  let explanation = explainChange({ expected, observed: change.observed }, cells, pairs, { local: scope !== null });
  for (let round = 0; round < 3 && !scope; round++) {
    const top = explanation.dimensions[0];
    if (!top || held(top) <= MAX_HELD) break;
    cells = cells.filter((c) => c.dimension !== top.dimension);
    explanation = explainChange({ expected, observed: change.observed }, cells, pairs);
  }
  const deviation = change.observed - expected;
  const top = explanation.dimensions[0];
  return {
    ...change,
    explanation,
    segments: (top?.values ?? explanation.combination?.values ?? []).map((v) => ({
      dimension: top?.dimension ?? (explanation.combination ? PAIR_DIMENSION : ""),
      value: v.value,
      expected: v.expected,
      observed: v.observed,
      share: deviation === 0 ? 0 : v.share,
    })),
  };
}
