import { estimateCountDispersion, estimateRateDispersion } from "../anomalies/dispersion";
import { type Judgement, judgeCount, judgeRate } from "../anomalies/stats";
import type { ConversionRows, ImpactChange, Segment } from "./analyze";
import { type Counts, median, medianShare } from "./counts";

/** Deploy impact's judgements (pure): a scope's count, a release's new version, a key conversion. */

/** A segment value needs counts in this many baseline weeks to be judged (a release's new version has none). */
const MIN_SEGMENT_WEEKS = 3;
/** A change within this factor of its scope's traffic change (±25 %) moves with traffic. */
const TRAFFIC_TOLERANCE = 0.25;
/** An event's own noise estimate counts as this many informative scopes' worth against the project's. */
const SHRINK_SCOPES = 10;
/** A segment whose traffic fell below this share of its usual level is vanishing (people moved off a version): not judged. */
const VANISHING = 0.5;

export type Candidate = { change: ImpactChange; judged: Judgement; eventId: number };

/** The parts of a change every judgement fills alike, from its test (expected and observed as the change states them). */
export function changeOf(
  judged: Judgement,
  values: { expected: number; observed: number; pValue: number },
): Omit<ImpactChange, "event" | "segment"> {
  const { expected, observed, pValue } = values;
  return {
    metric: "count",
    expected,
    observed,
    change: expected > 0 ? observed / expected - 1 : null,
    direction: judged.direction ?? (observed < expected ? "drop" : "spike"),
    pValue,
    score: judged.score ?? 0,
    confidence: 1 - pValue,
    global: false,
    explanation: null,
    segments: [],
  };
}
/** An event's week-to-week noise beyond Poisson (counts) and binomial (shares), pooled over all its scopes. */
export type Noise = { count: number; rate: number };

/**
 * 3 to 8 weeks are too few to estimate one scope's variance (a segment's counts driven by a few
 * heavy users, docs/anomalies.md "Noise"): the event's overdispersion is pooled over its total
 * and every segment, and shrunk towards the project's (pooled over every event) in proportion
 * to how many of its scopes carry information — an event seen a few times a week has too few.
 */
export function noiseOf(counts: Counts, eventIds: number[]): (eventId: number) => Noise {
  const scopesOf = (eventId: number) => {
    const scopes: [string, string | null][] = [["", null]];
    for (const d of counts.dimensionsOf(eventId)) for (const v of counts.valuesOf(eventId, d)) scopes.push([d, v]);
    const baselines = scopes.map(([d, v]) => counts.baselineOf(counts.windowsOf(eventId, d, v)));
    const shares = scopes.map(([d, v]) => {
      const events = counts.windowsOf(eventId, d, v);
      const traffic = counts.windowsOf(null, d, v);
      return events
        .slice(1)
        .map((n, i) => (counts.missingWeeks.has(i + 1) ? null : { successes: n, trials: traffic[i + 1] ?? 0 }));
    });
    const informative = baselines.filter((b) => median(b.filter((n): n is number => n !== null)) > 0).length;
    return { baselines, shares, informative };
  };
  const all = eventIds.map(scopesOf);
  const project = {
    count: estimateCountDispersion(all.flatMap((e) => e.baselines)),
    rate: estimateRateDispersion(all.flatMap((e) => e.shares)),
  };
  const byEvent = new Map(
    eventIds.map((id, i) => {
      const e = all[i] as (typeof all)[number];
      const w = e.informative / (e.informative + SHRINK_SCOPES);
      const noise = {
        count: w * estimateCountDispersion(e.baselines) + (1 - w) * project.count,
        rate: w * estimateRateDispersion(e.shares) + (1 - w) * project.rate,
      };
      return [id, noise];
    }),
  );
  return (eventId) => byEvent.get(eventId) ?? project;
}

/** One scope (an event's total, or one segment of it) judged: its count, and its share of the scope's events. */
export function judgeScope(
  counts: Counts,
  eventId: number,
  name: string,
  segment: Segment | null,
  noise: Noise,
): Candidate | null {
  const d = segment?.dimension ?? "";
  const v = segment?.value ?? null;
  const events = counts.windowsOf(eventId, d, v);
  const traffic = counts.windowsOf(null, d, v);
  const baseline = counts.baselineOf(events);
  if (segment && baseline.filter((n) => n !== null && n > 0).length < MIN_SEGMENT_WEEKS) return null;
  // Those left on a version people are moving off are not a random sample of its users.
  if (
    segment &&
    (traffic[0] ?? 0) < VANISHING * median(counts.baselineOf(traffic).filter((n): n is number => n !== null))
  ) {
    return null;
  }
  const observed = events[0] ?? 0;
  const judged = judgeCount(observed, baseline, { dispersion: noise.count });
  // Every scope with history is tested (and counts in the correction), significant or not.
  if (judged.pValue === null || judged.expected === null) return null;
  // Behaviour or traffic: is the count what the scope's traffic in the window would give at the
  // event's usual share of it (within a quarter)? A segment that vanished, or a holiday, is.
  const usualShare = medianShare(events, traffic, counts.missingWeeks) ?? 0;
  const byTraffic = (traffic[0] ?? 0) * usualShare;
  const withTraffic = Math.abs(Math.log((observed + 0.5) / (byTraffic + 0.5))) < Math.log(1 + TRAFFIC_TOLERANCE);
  return {
    eventId,
    judged,
    change: {
      ...changeOf(judged, { expected: judged.expected, observed, pValue: judged.pValue }),
      event: name,
      segment,
      // It follows traffic (a holiday, a release moving people from one version to the next,
      // missing data): not a change in behaviour.
      global: withTraffic,
    },
  };
}

export function judgeConversion(
  conversion: ConversionRows,
  weeks: number,
  missingWeeks: Set<number>,
): ImpactChange | null {
  const windows = Array.from({ length: weeks + 1 }, (_, k) => conversion.rows.find((r) => r.k === k));
  const observed = { successes: windows[0]?.successes ?? 0, trials: windows[0]?.trials ?? 0 };
  const judged = judgeRate(
    observed,
    windows
      .slice(1)
      .map((w, i) => (missingWeeks.has(i + 1) || !w ? null : { successes: w.successes, trials: w.trials })),
  );
  if (!judged.anomaly || judged.expected === null || judged.pValue === null || !judged.direction) return null;
  const rate = observed.trials ? observed.successes / observed.trials : 0;
  return {
    ...changeOf(judged, { expected: judged.expected, observed: rate, pValue: judged.pValue }),
    event: `${conversion.from} → ${conversion.to}`,
    metric: "conversion",
    segment: null,
  };
}
