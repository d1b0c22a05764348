import { acceptedRange, cornishFisher, type Tails } from "./acceptance";
import { betaI, logGamma, normalCdf, normalQuantile, poissonCdf, poissonSf } from "./distributions";

/**
 * What the judged slot's count should look like: a negative binomial (gamma–Poisson) with this mean and
 * variance. Below LARGE_COUNT it is evaluated exactly; above, its Wilson–Hilferty normal approximation
 * (a gamma of the same mean and variance, cube-root transformed), which keeps the skew of overdispersed
 * counts and is within ~10 % of the exact p-value at that size (where the minimum effect decides anyway).
 */
export type CountModel = { mean: number; variance: number };

export const LARGE_COUNT = 1000;
/** A size beyond which the negative binomial is a Poisson to every digit that matters. */
const POISSON_SIZE = 1e8;

/** Two-sided p-value of observing `x`: twice the smaller tail, capped at 1. */
export function countPValue(x: number, model: CountModel): number {
  if (model.mean >= LARGE_COUNT) {
    const { lower, upper } = gammaApproximation(model);
    return Math.min(1, 2 * Math.min(lower(x + 0.5), upper(x - 0.5)));
  }
  // The tail on x's side of the mean is the smaller one, unless x lies between the median and the mean.
  const { lower, upper } = exactTails(model);
  const [near, far] = x <= model.mean ? [lower, upper] : [upper, lower];
  const tail = near(x);
  return Math.min(1, 2 * (tail < 0.5 ? tail : Math.min(tail, far(x))));
}

/** The integer counts the test does not reject at `alpha`: [smallest, largest]. */
export function countAcceptance(model: CountModel, alpha: number): [number, number] {
  const half = alpha / 2;
  if (model.mean >= LARGE_COUNT) {
    const { quantile } = gammaApproximation(model);
    const lo = Math.max(0, Math.floor(quantile(half) - 0.5) + 1);
    return [lo, Math.max(lo, Math.ceil(quantile(1 - half) + 0.5) - 1)];
  }
  const sd = Math.sqrt(model.variance);
  const skew = (2 * model.variance - model.mean) / (model.mean * sd);
  const z = normalQuantile(half);
  const starts: [number, number] = [cornishFisher(model.mean, sd, skew, z), cornishFisher(model.mean, sd, skew, -z)];
  return acceptedRange(exactTails(model), starts, half, 50 + Math.ceil(sd));
}

function exactTails({ mean, variance }: CountModel): Tails {
  const size = (mean * mean) / (variance - mean);
  if (!(size < POISSON_SIZE)) {
    const logMean = Math.log(mean);
    return {
      lower: (k) => poissonCdf(k, mean),
      upper: (k) => poissonSf(k, mean),
      pmf: (k) => Math.exp(k * logMean - mean - logGamma(k + 1)),
    };
  }
  const p = size / (size + mean);
  const q = mean / (size + mean);
  const logPq = size * Math.log1p(-q);
  const logQ = Math.log(q);
  const logGammaSize = logGamma(size);
  return {
    // P(X ≤ k) = I_p(r, k + 1) and P(X ≥ k) = I_q(k, r): each tail is computed in its own right.
    lower: (k) => (k < 0 ? 0 : betaI(p, size, k + 1, q)),
    upper: (k) => (k <= 0 ? 1 : betaI(q, k, size, p)),
    pmf: (k) => Math.exp(logGamma(k + size) - logGammaSize - logGamma(k + 1) + logPq + k * logQ),
  };
}

function gammaApproximation({ mean, variance }: CountModel) {
  const shape = (mean * mean) / variance;
  const c = 1 / (9 * shape);
  const root = Math.sqrt(c);
  const w = (x: number) => (Math.cbrt(x / mean) - (1 - c)) / root;
  return {
    lower: (x: number) => (x <= 0 ? 0 : normalCdf(w(x))),
    upper: (x: number) => (x <= 0 ? 1 : normalCdf(-w(x))),
    quantile: (p: number) => mean * Math.max(0, 1 - c + normalQuantile(p) * root) ** 3,
  };
}
