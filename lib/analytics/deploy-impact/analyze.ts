import { estimateCountDispersion, estimateRateDispersion } from "../anomalies/dispersion";
import { COUNT_DEFAULTS, holm, type Judgement, judgeCount, judgeRate, type Proportion } from "../anomalies/stats";
import { type Explanation, explainChange, type SegmentCell } from "./attribution";
import { PAIR_DIMENSION } from "./params";

/** Counts of a window k, an event (null: every event, the scope's traffic), a dimension ('' the total) and a value. */
export type CountRow = { k: number; event_id: number | null; d: string; v: string | null; n: number };
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

const key = (event: number | null, d: string, v: string | null) => `${event ?? "*"}\u0000${d}\u0000${v ?? "\u0001"}`;
/** A segment value needs counts in this many baseline weeks to be judged (a release's new version has none). */
const MIN_SEGMENT_WEEKS = 3;
const MAX_SEGMENT_CHANGES_PER_EVENT = 2;
/** A change within this factor of its scope's traffic change (±25 %) moves with traffic. */
const TRAFFIC_TOLERANCE = 0.25;
/** Root-cause values expected to hold more than this share of their dimension's volume are not named. */
const MAX_HELD = 0.6;
/** An event's own noise estimate counts as this many informative scopes' worth against the project's. */
const SHRINK_SCOPES = 10;
/** A segment value's own usual share of its traffic is used when its baseline weeks hold this many events. */
const MIN_OWN_SHARE_EVENTS = 10;
/** A segment whose traffic fell below this share of its usual level is vanishing (people moved off a version): not judged. */
const VANISHING = 0.5;

export function countsOf(rows: CountRow[], weeks: number, missingWeeks: Set<number>): Counts {
  const byKey = new Map<string, number[]>();
  const values = new Map<string, Set<string | null>>();
  const trafficValues = new Map<string, Set<string | null>>();
  const dimensions = new Map<number, Set<string>>();
  for (const row of rows) {
    const k = key(row.event_id, row.d, row.v);
    const windows = byKey.get(k) ?? Array.from({ length: weeks + 1 }, () => 0);
    windows[row.k] = row.n;
    byKey.set(k, windows);
    if (row.d !== "" && row.event_id === null) {
      (trafficValues.get(row.d) ?? trafficValues.set(row.d, new Set()).get(row.d))?.add(row.v);
    }
    if (row.d === "" || row.event_id === null) continue;
    const vk = `${row.event_id}\u0000${row.d}`;
    (values.get(vk) ?? values.set(vk, new Set()).get(vk))?.add(row.v);
    (dimensions.get(row.event_id) ?? dimensions.set(row.event_id, new Set()).get(row.event_id))?.add(row.d);
  }
  return {
    windowsOf: (event, d, v) => byKey.get(key(event, d, v)) ?? Array.from({ length: weeks + 1 }, () => 0),
    valuesOf: (event, d) => values.get(`${event}\u0000${d}`) ?? new Set(),
    dimensionsOf: (event) => [...(dimensions.get(event) ?? [])],
    trafficValuesOf: (d) => [...(trafficValues.get(d) ?? [])],
    baselineOf: (windows) => windows.slice(1).map((n, i) => (missingWeeks.has(i + 1) ? null : n)),
    missingWeeks,
  };
}

type Candidate = { change: ImpactChange; judged: Judgement; eventId: number };
/** An event's week-to-week noise beyond Poisson (counts) and binomial (shares), pooled over all its scopes. */
type Noise = { count: number; rate: number };

/**
 * 3 to 8 weeks are too few to estimate one scope's variance (a segment's counts driven by a few
 * heavy users, docs/anomalies.md "Noise"): the event's overdispersion is pooled over its total
 * and every segment, and shrunk towards the project's (pooled over every event) in proportion
 * to how many of its scopes carry information — an event seen a few times a week has too few.
 */
function noiseOf(counts: Counts, eventIds: number[]): (eventId: number) => Noise {
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

/**
 * A release's new version (an os × app_version value with no baseline of its own) judged against
 * the versions it replaces: those of the same os that lost traffic in the window. Its share of
 * its own traffic is tested (rate test) against theirs in the baseline weeks, so "Android 5.2.0
 * adds to cart at a tenth of the rate 5.1.0 did" is found the day it ships.
 */
function judgeReleases(counts: Counts, eventId: number, name: string, noise: Noise): Candidate[] {
  const pairs = [...counts.valuesOf(eventId, PAIR_DIMENSION), ...counts.trafficValuesOf(PAIR_DIMENSION)];
  const found: Candidate[] = [];
  for (const value of new Set(pairs)) {
    if (value === null) continue;
    const traffic = counts.windowsOf(null, PAIR_DIMENSION, value);
    // New since this deploy's baseline: no traffic at all in any baseline week.
    if (counts.baselineOf(traffic).some((n) => n !== null && n > 0)) continue;
    const [os, version] = value.split("×") as [string, string];
    // The version it replaces: the highest lower one of the same os that lost traffic (5.2.0
    // replaces 5.1.0; web 2.13.0 on Android phones replaces 2.12.0, not the app's 5.1.0).
    const donor = counts
      .trafficValuesOf(PAIR_DIMENSION)
      .filter((other): other is string => {
        if (other === null || other === value || other.split("×")[0] !== os) return false;
        if (compareVersions(other.split("×")[1] ?? "", version) >= 0) return false;
        const t = counts.windowsOf(null, PAIR_DIMENSION, other);
        const usual = median(counts.baselineOf(t).filter((n): n is number => n !== null));
        return usual > 0 && (t[0] ?? 0) < usual;
      })
      .sort((a, b) => compareVersions(b.split("×")[1] ?? "", a.split("×")[1] ?? ""))[0];
    const donors = donor ? [donor] : [];
    if (donors.length === 0 || !(traffic[0] ?? 0)) continue;
    const baseline = Array.from({ length: traffic.length - 1 }, (_, i): Proportion | null => {
      if (counts.missingWeeks.has(i + 1)) return null;
      let successes = 0;
      let trials = 0;
      for (const donor of donors as string[]) {
        successes += counts.windowsOf(eventId, PAIR_DIMENSION, donor)[i + 1] ?? 0;
        trials += counts.windowsOf(null, PAIR_DIMENSION, donor)[i + 1] ?? 0;
      }
      return { successes, trials };
    });
    const observed = counts.windowsOf(eventId, PAIR_DIMENSION, value)[0] ?? 0;
    const judged = judgeRate({ successes: observed, trials: traffic[0] ?? 0 }, baseline, { dispersion: noise.rate });
    if (judged.pValue === null || judged.expected === null) continue;
    const expected = judged.expected * (traffic[0] ?? 0);
    // One event falling raises the others' shares of the same traffic: a release's change must
    // also be a count effect of the minimum size (20 %) to be one.
    if (expected > 0 && Math.abs(observed / expected - 1) < COUNT_DEFAULTS.minRelative) continue;
    found.push({
      eventId,
      judged,
      change: {
        event: name,
        metric: "count",
        segment: { dimension: PAIR_DIMENSION, value },
        expected,
        observed,
        change: expected > 0 ? observed / expected - 1 : null,
        direction: judged.direction ?? (observed < expected ? "drop" : "spike"),
        pValue: judged.pValue,
        score: judged.score ?? 0,
        confidence: 1 - judged.pValue,
        global: false,
        replaces: donors,
        explanation: null,
        segments: [],
      },
    });
  }
  return found;
}

/** Dotted versions compared part by part as numbers where they are numbers ("5.10.0" > "5.9.1"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] ?? "", pb[i] ?? ""];
    const [nx, ny] = [Number(x), Number(y)];
    const order = Number.isFinite(nx) && Number.isFinite(ny) && x !== "" && y !== "" ? nx - ny : x.localeCompare(y);
    if (order !== 0) return order;
  }
  return 0;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return sorted.length ? ((sorted[Math.floor(mid)] as number) + (sorted[Math.ceil(mid)] as number)) / 2 : 0;
};

/** One scope (an event's total, or one segment of it) judged: its count, and its share of the scope's events. */
function judgeScope(
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
  const missing = (i: number) => counts.missingWeeks.has(i + 1);
  const baseline = events.slice(1).map((n, i) => (missing(i) ? null : n));
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
      event: name,
      metric: "count",
      segment,
      expected: judged.expected,
      observed,
      change: judged.expected > 0 ? observed / judged.expected - 1 : null,
      direction: judged.direction ?? (observed < judged.expected ? "drop" : "spike"),
      pValue: judged.pValue,
      score: judged.score ?? 0,
      confidence: 1 - judged.pValue,
      // It follows traffic (a holiday, a release moving people from one version to the next,
      // missing data): not a change in behaviour.
      global: withTraffic,
      explanation: null,
      segments: [],
    },
  };
}

/** Significance and size together: a real change before one that follows traffic, then by −log10 p × |change|. */
const rank = (c: ImpactChange) =>
  (c.global ? 0 : 1e6) + Math.min(Math.abs(c.score), 50) * Math.min(Math.abs(c.change ?? 1), 1);

/**
 * Every event's total and every segment of it, and every key conversion, judged against the
 * same hours of previous weeks; Holm-corrected over the totals and over the segments tested.
 * At most two segment changes per event are kept (the most significant): the rest say the same.
 */
export function analyzeImpact(input: ImpactInput): {
  changes: ImpactChange[];
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
  return { changes, tested: { totals: totals.length, segments: segments.length + releases.length } };
}

function judgeConversion(conversion: ConversionRows, weeks: number, missingWeeks: Set<number>): ImpactChange | null {
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
    event: `${conversion.from} → ${conversion.to}`,
    metric: "conversion",
    segment: null,
    expected: judged.expected,
    observed: rate,
    change: judged.expected > 0 ? rate / judged.expected - 1 : null,
    direction: judged.direction,
    pValue: judged.pValue,
    score: judged.score ?? 0,
    confidence: 1 - judged.pValue,
    global: false,
    explanation: null,
    segments: [],
  };
}

/**
 * A change's root cause: each value's expected count is its own traffic in the window times the
 * event's usual share of that traffic (the value's own, or the scope's for a value new since the
 * baseline), so a release rolling out (traffic moving from one version to the next) is not
 * mistaken for a change; then attribution.ts names the values that explain the deviation. A
 * change in one segment is explained by os × app_version within it (the only pair counted).
 */
function explain(change: ImpactChange, eventId: number, counts: Counts): ImpactChange {
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
    const [mine, other] = scope.dimension === "os" ? [0, 1] : [1, 0];
    cells = pairValues
      .filter((v) => v.split("×")[mine] === scope.value)
      .map((v) =>
        cell(PAIR_DIMENSION, v, {
          dimension: scope.dimension === "os" ? "app_version" : "os",
          value: v.split("×")[other] ?? null,
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
      dimension: top?.dimension ?? explanation.combination?.dimensions.join("×") ?? "",
      value: v.value,
      expected: v.expected,
      observed: v.observed,
      share: deviation === 0 ? 0 : v.share,
    })),
  };
}

function medianShare(events: number[], traffic: number[], missingWeeks: Set<number>): number | null {
  const rates = events
    .slice(1)
    .map((n, i) => (missingWeeks.has(i + 1) || !(traffic[i + 1] ?? 0) ? null : n / (traffic[i + 1] as number)))
    .filter((r): r is number => r !== null)
    .sort((a, b) => a - b);
  if (rates.length === 0) return null;
  const mid = (rates.length - 1) / 2;
  return ((rates[Math.floor(mid)] as number) + (rates[Math.ceil(mid)] as number)) / 2;
}

/** The counts by window, looked up by event, dimension and value. */
type Counts = {
  windowsOf: (event: number | null, d: string, v: string | null) => number[];
  valuesOf: (event: number, d: string) => Set<string | null>;
  dimensionsOf: (event: number) => string[];
  /** The values of a dimension seen in any event's traffic. */
  trafficValuesOf: (d: string) => (string | null)[];
  /** The baseline weeks of a window list (k ≥ 1), null where the data had not begun. */
  baselineOf: (windows: number[]) => (number | null)[];
  missingWeeks: Set<number>;
};
