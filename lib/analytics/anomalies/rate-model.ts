import { acceptedRange, cornishFisher, type Tails } from "./acceptance";
import { betaI, logGamma, normalQuantile } from "./distributions";

/**
 * What the judged slot's successes should look like out of `trials`: its underlying rate varies around
 * `mean` with `variance` (from week to week, plus the uncertainty of the baseline itself), and the
 * successes are binomial given that rate: a beta-binomial. Exact while its standard deviation is at most
 * EXACT_SD successes (a sum of ~10 × that many terms); beyond, the rate's distribution is a beta of the same
 * mean and variance, which it is very close to at that size.
 */
export type RateModel = { trials: number; mean: number; variance: number };

const EXACT_SD = 2000;
const EPS = 1e-17;

export function ratePValue(x: number, model: RateModel): number {
  const { trials, mean } = model;
  if (trials === 0) return 1;
  if (sdOf(model) > EXACT_SD) {
    const { lower, upper } = rateBeta(model);
    return Math.min(1, 2 * Math.min(lower(x), upper(x)));
  }
  const tails = exactTails(model);
  const atX = tails.pmf(x);
  const lower = x <= trials * mean ? tails.lower(x) : 1 - tails.upper(x) + atX;
  const upper = x <= trials * mean ? 1 - lower + atX : tails.upper(x);
  return Math.min(1, 2 * Math.min(lower, upper));
}

/** The numbers of successes the test does not reject at `alpha`: [smallest, largest]. */
export function rateAcceptance(model: RateModel, alpha: number): [number, number] {
  const half = alpha / 2;
  const sd = sdOf(model);
  if (sd > EXACT_SD) return bisectedRange(model, half);
  const { trials: n, mean } = model;
  const { a, b } = shapes(model);
  const skew = ((b - a) * (2 * n + a + b) * Math.sqrt(1 + a + b)) / ((a + b + 2) * Math.sqrt(n * a * b * (n + a + b)));
  const z = normalQuantile(half);
  const starts: [number, number] = [cornishFisher(n * mean, sd, skew, z), cornishFisher(n * mean, sd, skew, -z)];
  const [lo, hi] = acceptedRange(exactTails(model), starts, half, 50 + Math.ceil(sd));
  return [Math.min(lo, n), Math.min(hi, n)];
}

function shapes({ mean, variance }: RateModel) {
  const precision = (mean * (1 - mean)) / variance - 1;
  return { a: mean * precision, b: (1 - mean) * precision };
}

function sdOf({ trials, mean, variance }: RateModel): number {
  return Math.sqrt(trials * mean * (1 - mean) + trials * (trials - 1) * variance);
}

function exactTails(model: RateModel): Tails {
  const n = model.trials;
  const { a, b } = shapes(model);
  const constant = logGamma(n + 1) - logGamma(n + a + b) + logGamma(a + b) - logGamma(a) - logGamma(b);
  const pmf = (k: number) =>
    k < 0 || k > n
      ? 0
      : Math.exp(constant - logGamma(k + 1) - logGamma(n - k + 1) + logGamma(k + a) + logGamma(n - k + b));
  // Summed from k outwards, away from the mean: the terms shrink once past the mode, and a ≥ 1 (b ≥ 1)
  // guarantees they keep shrinking towards 0 (towards n), so the sum may stop when they no longer count.
  const lower = (k: number) => {
    if (k < 0) return 0;
    let term = pmf(k);
    let sum = term;
    for (let j = k; j > 0; j--) {
      const ratio = (j * (n - j + b)) / ((n - j + 1) * (j - 1 + a));
      term *= ratio;
      sum += term;
      if (a >= 1 && ratio < 1 && term < sum * EPS) break;
    }
    return Math.min(1, sum);
  };
  const upper = (k: number) => {
    if (k > n) return 0;
    let term = pmf(k);
    let sum = term;
    for (let j = k; j < n; j++) {
      const ratio = ((n - j) * (j + a)) / ((j + 1) * (n - j - 1 + b));
      term *= ratio;
      sum += term;
      if (b >= 1 && ratio < 1 && term < sum * EPS) break;
    }
    return Math.min(1, sum);
  };
  return { lower, upper, pmf };
}

/** The rate x / n as a beta variable with the beta-binomial's mean and variance (continuity-corrected). */
function rateBeta(model: RateModel) {
  const n = model.trials;
  const mean = model.mean;
  const rateVariance = (mean * (1 - mean) + (n - 1) * model.variance) / n;
  const precision = (mean * (1 - mean)) / rateVariance - 1;
  const a = mean * precision;
  const b = (1 - mean) * precision;
  return {
    lower: (x: number) => {
      const t = (x + 0.5) / n;
      return t >= 1 ? 1 : betaI(t, a, b, 1 - t);
    },
    upper: (x: number) => {
      const t = (x - 0.5) / n;
      return t <= 0 ? 1 : betaI(1 - t, b, a, t);
    },
  };
}

function bisectedRange(model: RateModel, half: number): [number, number] {
  const { lower, upper } = rateBeta(model);
  let lo = 0;
  let hi = model.trials;
  if (lower(0) <= half) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (lower(mid) > half) hi = mid;
      else lo = mid;
    }
    lo = hi;
  }
  let top = model.trials;
  if (upper(top) <= half) {
    let bottom = 0;
    while (top - bottom > 1) {
      const mid = Math.floor((bottom + top) / 2);
      if (upper(mid) > half) bottom = mid;
      else top = mid;
    }
    top = bottom;
  }
  return [lo, top];
}
