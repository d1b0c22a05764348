// Judging one slot (an hour or a day of a series) against the same slot in previous weeks. The method,
// every default and why: docs/anomalies.md. Pure and allocation-light: it runs for every slot of a chart.
import { countAcceptance, countPValue } from "./count-model";
import { rateAcceptance, ratePValue } from "./rate-model";
import { summarizeCounts, summarizeRates } from "./robust";

export type History = "ok" | "insufficient";
export type Judgement = {
  /** The median of the baseline weeks (a rate for judgeRate); null when history is insufficient. */
  expected: number | null;
  /** Values in [lower, upper] are not flagged: the test's acceptance region widened to the minimum effect. */
  lower: number | null;
  upper: number | null;
  /** The test is significant at alpha AND the effect is at least the minimum absolute and relative one. */
  anomaly: boolean;
  /** Observed below/above expected, given when the test is significant; null otherwise. */
  direction: "drop" | "spike" | null;
  /** Two-sided p-value of the test. */
  pValue: number | null;
  /** −log10(pValue), negative below expected, capped at ±SCORE_CAP. */
  score: number | null;
  history: History;
};

/**
 * `dispersion` is the series' overdispersion, estimated once over all its slots (estimateCountDispersion,
 * estimateRateDispersion); null estimates it from the slot's own weeks, which is only reliable for
 * Poisson-like series (docs/anomalies.md, "Noise").
 */
export type CountOptions = {
  alpha?: number;
  minAbsolute?: number;
  minRelative?: number;
  minHistory?: number;
  dispersion?: number | null;
};
export type RateOptions = CountOptions & { minTrials?: number };
export type Proportion = { successes: number; trials: number };

export const COUNT_DEFAULTS: Required<CountOptions> = {
  alpha: 0.0005,
  minAbsolute: 5,
  minRelative: 0.2,
  minHistory: 3,
  dispersion: null,
};
export const RATE_DEFAULTS: Required<RateOptions> = {
  alpha: 0.0005,
  minAbsolute: 0.02,
  minRelative: 0.1,
  minHistory: 3,
  minTrials: 20,
  dispersion: null,
};
export const SCORE_CAP = 50;

/** Judges a count (events, persons) against the same slot's counts in previous weeks, most recent first. */
export function judgeCount(observed: number, baseline: readonly (number | null)[], options?: CountOptions): Judgement {
  const alpha = options?.alpha ?? COUNT_DEFAULTS.alpha;
  const slot = summarizeCounts(baseline);
  if (slot.weeks < Math.max(1, options?.minHistory ?? COUNT_DEFAULTS.minHistory)) return insufficient();
  const expected = slot.median;
  // A mean of 0 would make any event infinitely surprising: half an event over the baseline weeks instead.
  const level = Math.max(expected, 0.5 / slot.weeks);
  const dispersion = Math.max(0, options?.dispersion ?? (slot.variance - level) / (level * level));
  // The median of a right-skewed count sits below its mean: by φ/3 of it for a gamma–Poisson.
  const mean = level * (1 + dispersion / 3);
  const model = { mean, variance: (mean + dispersion * mean * mean) * medianUncertainty(slot.weeks) };
  const x = Math.max(0, Math.round(observed));
  const minRelative = options?.minRelative ?? COUNT_DEFAULTS.minRelative;
  const margin = Math.max(options?.minAbsolute ?? COUNT_DEFAULTS.minAbsolute, minRelative * expected);
  let [lower, upper] = countAcceptance(model, alpha);
  if (margin > 0) {
    lower = Math.min(lower, Math.max(0, Math.floor(expected - margin) + 1));
    upper = Math.max(upper, Math.ceil(expected + margin) - 1);
  }
  return verdict(x, expected, countPValue(x, model), [lower, upper], alpha, largeEnough(x - expected, margin));
}

/** Judges a rate (a conversion between funnel steps, an error rate) against the same slot's weekly rates. */
export function judgeRate(
  observed: Proportion,
  baseline: readonly (Proportion | null)[],
  options?: RateOptions,
): Judgement {
  const alpha = options?.alpha ?? RATE_DEFAULTS.alpha;
  const slot = summarizeRates(baseline);
  if (slot.weeks < Math.max(1, options?.minHistory ?? RATE_DEFAULTS.minHistory)) return insufficient();
  const expected = slot.median;
  // A rate of exactly 0 or 1 would make any other outcome impossible: half a trial's worth of the other.
  const edge = 0.5 / (slot.weeks * slot.trials + 1);
  const mean = Math.min(1 - edge, Math.max(edge, expected));
  const spread = mean * (1 - mean);
  const binomial = spread / slot.trials;
  const dispersion = Math.max(0, options?.dispersion ?? (slot.variance - binomial) / spread);
  const weekly = binomial + dispersion * spread;
  const variance = Math.min(0.99 * spread, dispersion * spread + weekly * (medianUncertainty(slot.weeks) - 1));
  const trials = Math.max(0, Math.round(observed.trials));
  if (trials === 0) return verdict(expected, expected, 1, [0, 1], alpha, false);
  const x = Math.min(trials, Math.max(0, Math.round(observed.successes)));
  const model = { trials, mean, variance };
  const rate = x / trials;
  const minRelative = options?.minRelative ?? RATE_DEFAULTS.minRelative;
  const margin = Math.max(options?.minAbsolute ?? RATE_DEFAULTS.minAbsolute, minRelative * expected);
  // Too few trials to call anything a change (docs/anomalies.md): the band is everything.
  const enough = trials >= (options?.minTrials ?? RATE_DEFAULTS.minTrials);
  let band: [number, number] = [0, 1];
  if (enough) {
    let [lo, hi] = rateAcceptance(model, alpha);
    if (margin > 0) {
      lo = Math.min(lo, Math.max(0, Math.floor(trials * (expected - margin)) + 1));
      hi = Math.max(hi, Math.min(trials, Math.ceil(trials * (expected + margin)) - 1));
    }
    band = [lo / trials, hi / trials];
  }
  return verdict(rate, expected, ratePValue(x, model), band, alpha, enough && largeEnough(rate - expected, margin));
}

/** Holm–Bonferroni: which of m p-values are significant at family-wise level alpha. */
export function holm(pValues: readonly number[], alpha: number): boolean[] {
  const m = pValues.length;
  const key = (i: number) => {
    const p = pValues[i] ?? Number.NaN;
    return Number.isNaN(p) ? Number.POSITIVE_INFINITY : p;
  };
  const order = pValues.map((_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
  const significant = new Array<boolean>(m).fill(false);
  for (let rank = 0; rank < m; rank++) {
    const i = order[rank] ?? 0;
    if (!(key(i) <= alpha / (m - rank))) break;
    significant[i] = true;
  }
  return significant;
}

/** The median of n weeks is itself uncertain: its variance is π/2n of one week's (for normal noise). */
function medianUncertainty(weeks: number): number {
  return 1 + Math.PI / (2 * weeks);
}

/**
 * The margin is max(minAbsolute, minRelative × expected): a difference at least that large passes both
 * minimum effects. From an expected 0, any positive difference passes the relative one.
 */
function largeEnough(difference: number, margin: number): boolean {
  const size = Math.abs(difference);
  return size >= margin && size > 0;
}

function verdict(
  observed: number,
  expected: number,
  pValue: number,
  [lower, upper]: [number, number],
  alpha: number,
  largeEnoughToCount: boolean,
): Judgement {
  const significant = pValue <= alpha;
  const sign = Math.sign(observed - expected);
  const surprise = pValue >= 1 ? 0 : Math.min(SCORE_CAP, -Math.log10(pValue));
  return {
    expected,
    lower,
    upper,
    anomaly: significant && largeEnoughToCount,
    direction: significant && sign !== 0 ? (sign < 0 ? "drop" : "spike") : null,
    pValue,
    score: surprise === 0 ? 0 : sign * surprise,
    history: "ok",
  };
}

function insufficient(): Judgement {
  const none = { expected: null, lower: null, upper: null, direction: null, pValue: null, score: null };
  return { ...none, anomaly: false, history: "insufficient" };
}
