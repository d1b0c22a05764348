import { holm, judgeCount } from "../anomalies/stats";
import type { Explanation } from "./attribution";
import { type CountRow, countsOf } from "./counts";
import { explain } from "./explain";
import { type Candidate, judgeConversion, judgeScope, noiseOf } from "./judge";
import { judgeReleases } from "./releases";

export type ConversionRows = { from: string; to: string; rows: { k: number; trials: number; successes: number }[] };

export type Segment = { dimension: string; value: string | null };
export type ImpactChange = {
  event: string;
  metric: "count" | "conversion";
  /** The segment the change is confined to, or none (the event's total). */
  segment: Segment | null;
  expected: number;
  observed: number;
  /** (observed − expected) ÷ expected; null when nothing was expected. */
  change: number | null;
  direction: "drop" | "spike";
  pValue: number;
  score: number;
  /** 1 − p-value, as a share: how sure the test is that this is not chance. */
  confidence: number;
  /** The change moves with all the scope's events alike (traffic, a holiday, missing data): not a change in behaviour. */
  global: boolean;
  /** For a release's new version: the versions it replaces (same os, traffic moved from them), whose rate it is judged against. */
  replaces?: string[];
  /** Root cause: the segment values that explain the deviation (share of the missing or extra volume). */
  explanation: Explanation | null;
  segments: { dimension: string; value: string | null; expected: number; observed: number; share: number }[];
};

export type ImpactInput = {
  counts: CountRow[];
  eventNames: Map<number, string>;
  conversions: ConversionRows[];
  weeks: number;
  /** Windows k ≥ 1 that began before the data did: missing, not zero. */
  missingWeeks: Set<number>;
  /** Family-wise level of the Holm corrections (over totals, and over segments). */
  familyAlpha?: number;
};

const MAX_SEGMENT_CHANGES_PER_EVENT = 2;

/** Significance and size together: a real change before one that follows traffic, then by −log10 p × |change|. */
const rank = (c: ImpactChange) =>
  (c.global ? 0 : 1e6) + Math.min(Math.abs(c.score), 50) * Math.min(Math.abs(c.change ?? 1), 1);

/**
 * Every event's total and every segment of it, and every key conversion, judged against the
 * same hours of previous weeks; Holm-corrected over the totals and over the segments tested.
 * At most two segment changes per event are kept (the most significant): the rest say the same.
 */
/** Every event together in the window against its baseline: a drop there is data missing or a global dip. */
export type Traffic = { expected: number | null; observed: number; change: number | null; anomaly: boolean };

export function analyzeImpact(input: ImpactInput): {
  changes: ImpactChange[];
  traffic: Traffic;
  tested: { totals: number; segments: number };
} {
  const counts = countsOf(input.counts, input.weeks, input.missingWeeks);
  const totals: Candidate[] = [];
  const segments: Candidate[] = [];
  // New versions are their own family: a handful of tests (a release's few new values per event).
  const releases: Candidate[] = [];
  const noiseFor = noiseOf(counts, [...input.eventNames.keys()]);
  for (const [eventId, name] of input.eventNames) {
    const noise = noiseFor(eventId);
    const total = judgeScope(counts, eventId, name, null, noise);
    if (total) totals.push(total);
    for (const dimension of counts.dimensionsOf(eventId)) {
      for (const value of counts.valuesOf(eventId, dimension)) {
        const judged = judgeScope(counts, eventId, name, { dimension, value }, noise);
        if (judged) segments.push(judged);
      }
    }
    releases.push(...judgeReleases(counts, eventId, name, noise));
  }
  const familyAlpha = input.familyAlpha ?? 0.01;
  const flagged = (candidates: Candidate[]) => {
    const significant = holm(
      candidates.map((c) => c.change.pValue),
      familyAlpha,
    );
    return candidates.filter((c, i) => significant[i] && c.judged.anomaly);
  };
  // A segment that moved with its traffic (a release rolling out moves every event of the old
  // version to the new one) says nothing about behaviour: only totals are listed as such.
  const segmentChanges = [...flagged(segments).filter((c) => !c.change.global), ...flagged(releases)];
  // An event whose total changed is told by its total (and its root cause), not again by segment;
  // a release's new version is still named.
  const flaggedTotals = flagged(totals);
  const changedTotals = new Set(flaggedTotals.filter((c) => !c.change.global).map((c) => c.eventId));
  const perEvent = new Map<string, number>();
  const bySegment = segmentChanges.filter((c) => !changedTotals.has(c.eventId) || c.change.replaces);
  const kept = [...flaggedTotals, ...bySegment.sort((a, b) => rank(b.change) - rank(a.change))].filter((c) => {
    if (!c.change.segment) return true;
    const n = perEvent.get(c.change.event) ?? 0;
    perEvent.set(c.change.event, n + 1);
    return n < MAX_SEGMENT_CHANGES_PER_EVENT;
  });
  const changes = kept.map((c) => explain(c.change, c.eventId, counts));
  for (const conversion of input.conversions) {
    const change = judgeConversion(conversion, input.weeks, input.missingWeeks);
    if (change) changes.push(change);
  }
  changes.sort((a, b) => rank(b) - rank(a));
  const all = counts.windowsOf(null, "", null);
  const observed = all[0] ?? 0;
  const judged = judgeCount(observed, counts.baselineOf(all));
  const traffic = {
    expected: judged.expected,
    observed,
    change: judged.expected ? observed / judged.expected - 1 : null,
    anomaly: judged.anomaly,
  };
  return { changes, traffic, tested: { totals: totals.length, segments: segments.length + releases.length } };
}
