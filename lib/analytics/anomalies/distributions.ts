// Special functions behind the anomaly tests: log-gamma, the normal distribution and the regularized
// incomplete gamma and beta functions (Numerical Recipes, 3rd ed., §6.1–6.4). Plain numbers, no allocation.

const EPS = 1e-15;
const TINY = 1e-300;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  const sum =
    0.99999999999980993 +
    676.5203681218851 / (z + 1) -
    1259.1392167224028 / (z + 2) +
    771.32342877765313 / (z + 3) -
    176.61502916214059 / (z + 4) +
    12.507343278686905 / (z + 5) -
    0.13857109526572012 / (z + 6) +
    9.9843695780195716e-6 / (z + 7) +
    1.5056327351493116e-7 / (z + 8);
  const t = z + 7.5;
  return 0.9189385332046728 + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** erfc(x), relative error < 1.2e-7 everywhere, so tails stay accurate down to ~1e-300. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p < 0.02425 || p > 0.97575) {
    const q = Math.sqrt(-2 * Math.log(p < 0.5 ? p : 1 - p));
    const x =
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q +
        4.374664141464968) *
        q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
    return p < 0.5 ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r -
      3.066479806614716e1) *
      r +
      2.506628277459239) *
      q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r -
      1.328068155288572e1) *
      r +
      1)
  );
}

/** Iterations for series and continued fractions: they converge in O(√max(a, b)) steps. */
function maxIterations(size: number): number {
  return 200 + Math.ceil(20 * Math.sqrt(size));
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function gammaP(a: number, x: number): number {
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly in its tail. */
export function gammaQ(a: number, x: number): number {
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaFraction(a, x);
}

function gammaFront(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaSeries(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = gammaFront(a, x);
  if (front === 0) return 0;
  let term = 1 / a;
  let sum = term;
  for (let n = 1, max = maxIterations(a); n < max; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * EPS) break;
  }
  return Math.min(1, sum * front);
}

function gammaFraction(a: number, x: number): number {
  const front = gammaFront(a, x);
  if (front === 0) return 0;
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1, max = maxIterations(a); i < max; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.min(1, front * h);
}

/**
 * Regularized incomplete beta I_x(a, b). `y` is 1 − x, passed separately so callers keep its precision
 * when x is close to 1. The smaller tail is always the one computed directly.
 */
export function betaI(x: number, a: number, b: number, y = 1 - x): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y));
  if (x < (a + 1) / (a + b + 2)) return front === 0 ? 0 : (front * betaFraction(a, b, x)) / a;
  return front === 0 ? 1 : 1 - (front * betaFraction(b, a, y)) / b;
}

function betaFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1, max = maxIterations(Math.max(a, b)); m < max; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** P(X ≤ k) for X ~ Poisson(λ). */
export function poissonCdf(k: number, lambda: number): number {
  return k < 0 ? 0 : gammaQ(Math.floor(k) + 1, lambda);
}

/** P(X ≥ k) for X ~ Poisson(λ), computed directly (not as 1 − cdf) so small upper tails keep their digits. */
export function poissonSf(k: number, lambda: number): number {
  return k <= 0 ? 1 : gammaP(Math.ceil(k), lambda);
}
