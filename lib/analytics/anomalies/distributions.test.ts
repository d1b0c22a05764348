import { describe, expect, it } from "vitest";
import { countAcceptance, countPValue } from "./count-model";
import { betaI, gammaP, gammaQ, logGamma, normalCdf, normalQuantile, poissonCdf, poissonSf } from "./distributions";
import { rateAcceptance, ratePValue } from "./rate-model";

// Every expected value is a closed form: factorials, e^-x, x^a, the geometric and the discrete uniform.
const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe("special functions", () => {
  it("logGamma matches ln((n − 1)!), ln √π and Stirling at 10^7", () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 12);
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    const x = 1e7;
    expect(
      relative(logGamma(x), (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x)),
    ).toBeLessThan(1e-14);
  });

  it("normal distribution, down to the tails", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 8);
    expect(relative(normalCdf(-8), 6.220960574271784e-16)).toBeLessThan(1e-6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    for (const z of [-6, -3.29, -1, 0.5, 4]) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 5);
  });

  it("incomplete gamma and beta against their closed forms", () => {
    for (const x of [0.01, 0.5, 3, 40]) {
      expect(gammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 14);
      expect(relative(gammaQ(1, x), Math.exp(-x))).toBeLessThan(1e-12);
    }
    for (const x of [0.001, 0.3, 0.9, 0.999]) {
      expect(betaI(x, 1, 1)).toBeCloseTo(x, 14);
      expect(relative(betaI(x, 3.5, 1), x ** 3.5)).toBeLessThan(1e-12);
      expect(betaI(x, 1, 7)).toBeCloseTo(1 - (1 - x) ** 7, 12);
    }
    expect(betaI(0.5, 1e4, 1e4)).toBeCloseTo(0.5, 10);
  });

  it("Poisson tails, exact for small counts and consistent at 10^7", () => {
    expect(poissonCdf(2, 3)).toBeCloseTo(8.5 * Math.exp(-3), 14);
    expect(poissonSf(3, 3)).toBeCloseTo(1 - 8.5 * Math.exp(-3), 14);
    // A tail far beyond 1 − cdf's reach (~1e-29): the series Σ e^-3·3^k/k! from k = 40.
    let term = Math.exp(-3);
    for (let k = 1; k <= 40; k++) term *= 3 / k;
    let tail = 0;
    for (let k = 40; k < 120; k++, term *= 3 / k) tail += term;
    expect(relative(poissonSf(40, 3), tail)).toBeLessThan(1e-10);
    const lambda = 1e7;
    // Both tails overlap in P(X = λ) ≈ 1/√(2πλ) = 1.26e-4 (Stirling); each tail is good to ~1e-8 (the
    // digits ln Γ(10^7) ≈ 1.5e8 leaves), so their overlap to ~1e-4 of itself.
    const atLambda = 1 / Math.sqrt(2 * Math.PI * lambda);
    expect(relative(poissonCdf(lambda, lambda) + poissonSf(lambda, lambda) - 1, atLambda)).toBeLessThan(1e-3);
    expect(Math.abs(poissonCdf(lambda, lambda) - 0.5)).toBeLessThan(2e-4);
  });
});

describe("count and rate tests", () => {
  it("a negative binomial of size 1 is geometric", () => {
    // Mean 4, variance 4 + 4² = 20: P(X ≤ k) = 1 − .8^(k+1), P(X ≥ k) = .8^k.
    for (const x of [0, 1, 4, 20, 60]) {
      const expected = Math.min(1, 2 * Math.min(1 - 0.8 ** (x + 1), 0.8 ** x));
      expect(relative(countPValue(x, { mean: 4, variance: 20 }), expected)).toBeLessThan(1e-10);
    }
  });

  it("a beta-binomial with a = b = 1 is uniform", () => {
    // Mean .5, variance of the rate 1/12: every count of 0…10 has probability 1/11.
    for (const x of [0, 3, 5, 10]) {
      const expected = Math.min(1, (2 * Math.min(x + 1, 11 - x)) / 11);
      expect(ratePValue(x, { trials: 10, mean: 0.5, variance: 1 / 12 })).toBeCloseTo(expected, 12);
    }
  });

  it("large counts: the normal approximation's p-value at 3.29 σ", () => {
    // Mean 10^6, variance 10^6: skewness 10^-3, so 2·Φ(−3.2905) = .001 within a per cent.
    expect(relative(countPValue(1e6 - 3290.5, { mean: 1e6, variance: 1e6 }), 0.001)).toBeLessThan(0.01);
  });

  it("acceptance regions are exactly the values whose p-value exceeds alpha", () => {
    const counts = [
      { mean: 0.0625, variance: 2.4 },
      { mean: 3, variance: 3.6 },
      { mean: 100, variance: 1500 },
      { mean: 900, variance: 1000 },
      { mean: 5000, variance: 1e6 },
    ];
    for (const model of counts) {
      for (const alpha of [1e-3, 1e-6]) {
        const [lo, hi] = countAcceptance(model, alpha);
        if (lo > 0) expect(countPValue(lo - 1, model)).toBeLessThanOrEqual(alpha);
        expect(countPValue(lo, model)).toBeGreaterThan(alpha);
        expect(countPValue(hi, model)).toBeGreaterThan(alpha);
        expect(countPValue(hi + 1, model)).toBeLessThanOrEqual(alpha);
      }
    }
    const rates = [
      { trials: 4, mean: 0.5, variance: 0.01 },
      { trials: 2000, mean: 0.3, variance: 0.0005 },
      { trials: 100, mean: 0.05, variance: 0.0002 },
      { trials: 100_000, mean: 0.3, variance: 0.0005 },
    ];
    for (const model of rates) {
      const [lo, hi] = rateAcceptance(model, 1e-3);
      if (lo > 0) expect(ratePValue(lo - 1, model)).toBeLessThanOrEqual(1e-3);
      expect(ratePValue(lo, model)).toBeGreaterThan(1e-3);
      expect(ratePValue(hi, model)).toBeGreaterThan(1e-3);
      if (hi < model.trials) expect(ratePValue(hi + 1, model)).toBeLessThanOrEqual(1e-3);
    }
  });
});
