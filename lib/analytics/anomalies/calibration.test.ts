import { describe, expect, it } from "vitest";
import { estimateCountDispersion, estimateRateDispersion } from "./dispersion";
import { judgeCount, type Proportion } from "./stats";

// Synthetic hourly series: an hour-of-week profile (night ~8/h, weekday afternoons ~500/h, weekends at
// 60 %), 8 weeks of history, then judged weeks. Noise is Poisson, or gamma–Poisson (the hour's rate itself
// varies from week to week, coefficient of variation 1/√shape), drawn from a seeded PRNG.
const WEEK = 168;

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sampler(seed: number) {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Inversion in chunks of mean ≤ 500, so e^-λ never underflows.
  const poisson = (lambda: number): number => {
    let total = 0;
    for (let rest = lambda; rest > 0; rest -= 500) {
      const chunk = Math.min(rest, 500);
      let k = 0;
      let p = Math.exp(-chunk);
      let cdf = p;
      const u = random();
      while (u > cdf && p > 0) {
        k++;
        p *= chunk / k;
        cdf += p;
      }
      total += k;
    }
    return total;
  };
  // Marsaglia–Tsang, shape ≥ 1.
  const gamma = (shape: number): number => {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = normal();
      const v = (1 + c * z) ** 3;
      if (v > 0 && Math.log(random()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return { random, poisson, gamma };
}

function profile(hourOfWeek: number): number {
  const day = Math.floor(hourOfWeek / 24);
  const hour = hourOfWeek % 24;
  const daytime = 8 + 490 * Math.exp(-(((hour - 14) / 4) ** 2));
  return daytime * (day >= 5 ? 0.6 : 1);
}

function series(weeks: number, seed: number, shape?: number): number[] {
  const { poisson, gamma } = sampler(seed);
  const values: number[] = [];
  for (let t = 0; t < weeks * WEEK; t++) {
    const lambda = profile(t % WEEK);
    values.push(poisson(shape === undefined ? lambda : (lambda * gamma(shape)) / shape));
  }
  return values;
}

/** The same hour in the 8 previous weeks, most recent first. */
function baselineOf(values: number[], t: number): (number | null)[] {
  return Array.from({ length: 8 }, (_, w) => values[t - (w + 1) * WEEK] ?? null);
}

function falseFlags(values: number[], dispersion: number | null) {
  let flags = 0;
  let slots = 0;
  for (let t = 8 * WEEK; t < values.length; t++, slots++) {
    if (judgeCount(values[t] ?? 0, baselineOf(values, t), { dispersion }).anomaly) flags++;
  }
  return { flags, slots };
}

function judgedBaselines(values: number[]) {
  return Array.from({ length: values.length - 8 * WEEK }, (_, i) => baselineOf(values, 8 * WEEK + i));
}

describe("judgeCount on seasonal series", () => {
  const clean = series(40, 1);

  it("flags injected dips and spikes of known size, with their direction", () => {
    // Weekday afternoons of week 9 (expected ~350–500): −40 %, −70 %, +60 % of what was drawn there.
    const injected: [number, number, "drop" | "spike"][] = [
      [8 * WEEK + 13, 0.6, "drop"],
      [8 * WEEK + 24 + 14, 0.3, "drop"],
      [8 * WEEK + 48 + 15, 1.6, "spike"],
      [8 * WEEK + 72 + 12, 0.6, "drop"],
      [8 * WEEK + 96 + 16, 1.6, "spike"],
    ];
    for (const [t, factor, direction] of injected) {
      const judgement = judgeCount(Math.round((clean[t] ?? 0) * factor), baselineOf(clean, t));
      expect(judgement).toMatchObject({ anomaly: true, direction, history: "ok" });
      expect(Math.sign(judgement.score ?? 0)).toBe(direction === "drop" ? -1 : 1);
    }
  });

  it("raises at most 1 false flag per 1,000 slots of a clean Poisson series", () => {
    const { flags, slots } = falseFlags(clean, null);
    expect(slots).toBeGreaterThanOrEqual(5000);
    expect(flags).toBeLessThanOrEqual(slots / 1000);
  });

  it("raises at most 1 per 1,000 on overdispersed noise, given the series' dispersion", () => {
    // Three series (16,128 slots) so the count is not one seed's luck: the expected rate is ~0.4 per 1,000.
    let flags = 0;
    let slots = 0;
    for (const seed of [2, 3, 4]) {
      const noisy = series(40, seed, 25);
      const dispersion = estimateCountDispersion(judgedBaselines(noisy));
      expect(dispersion).toBeGreaterThan(0.03); // 1/25 = 0.04 in truth
      expect(dispersion).toBeLessThan(0.05);
      const counted = falseFlags(noisy, dispersion);
      flags += counted.flags;
      slots += counted.slots;
      // Still sensitive: an outage (−90 %) on a weekday afternoon is flagged.
      const t = 20 * WEEK + 14;
      expect(judgeCount(Math.round((noisy[t] ?? 0) * 0.1), baselineOf(noisy, t), { dispersion }).anomaly).toBe(true);
    }
    expect(flags).toBeLessThanOrEqual(slots / 1000);
  });

  it("estimates no dispersion on Poisson noise", () => {
    expect(estimateCountDispersion(judgedBaselines(clean))).toBeLessThan(0.002);
  });
});

describe("bands and dispersion", () => {
  it("flags exactly the values outside its band", () => {
    const { random } = sampler(7);
    for (let i = 0; i < 300; i++) {
      const level = 10 ** (random() * 4);
      const weeks = Array.from({ length: 3 + Math.floor(random() * 6) }, () =>
        Math.round(level * (0.7 + 0.6 * random())),
      );
      const observed = Math.round(level * 3 * random());
      const { anomaly, lower, upper } = judgeCount(observed, weeks);
      expect(anomaly).toBe(observed < (lower ?? 0) || observed > (upper ?? 0));
    }
  });

  it("estimates how much rates vary beyond binomial noise", () => {
    const { random, gamma } = sampler(3);
    const noisy: Proportion[][] = [];
    const binomialOnly: Proportion[][] = [];
    const binomial = (n: number, p: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) if (random() < p) s++;
      return { successes: s, trials: n };
    };
    for (let slot = 0; slot < 400; slot++) {
      // The weekly rate is 0.3 × gamma(100)/100: sd 0.03, so ρ = 0.03² / (0.3 × 0.7) ≈ 0.0043.
      noisy.push(Array.from({ length: 8 }, () => binomial(500, Math.min(1, (0.3 * gamma(100)) / 100))));
      binomialOnly.push(Array.from({ length: 8 }, () => binomial(500, 0.3)));
    }
    expect(estimateRateDispersion(noisy)).toBeGreaterThan(0.003);
    expect(estimateRateDispersion(noisy)).toBeLessThan(0.006);
    expect(estimateRateDispersion(binomialOnly)).toBeLessThan(0.001);
  });
});
