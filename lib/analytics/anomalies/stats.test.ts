import { describe, expect, it } from "vitest";
import { COUNT_DEFAULTS, holm, judgeCount, judgeRate, type Proportion } from "./stats";

describe("judgeCount on one slot", () => {
  it("keeps the expected value when one baseline week is a holiday at 30 %", () => {
    const weeks = [498, 512, 150, 505, 489, 520, 495, 503];
    const judgement = judgeCount(500, weeks);
    // Median of the 8 weeks: (498 + 503) / 2 = 500.5; the mean would be 459.
    expect(judgement.expected).toBe(500.5);
    expect(judgement).toMatchObject({ anomaly: false, direction: null, pValue: 1, score: 0 });
    expect(Object.is(judgement.score, -0)).toBe(false);
    expect(judgeCount(250, weeks)).toMatchObject({ anomaly: true, direction: "drop" });
  });

  it("needs minHistory weeks that existed", () => {
    const judgement = judgeCount(0, [400, 410, null, null, null, null, null, null]);
    expect(judgement).toEqual({
      expected: null,
      lower: null,
      upper: null,
      anomaly: false,
      direction: null,
      pValue: null,
      score: null,
      history: "insufficient",
    });
    expect(judgeCount(0, [400, 410, 405]).history).toBe("ok");
  });

  it("does not flag 0 events where 3 are expected", () => {
    const judgement = judgeCount(0, [2, 4, 3, 3, 5, 1, 3, 3]);
    expect(judgement.expected).toBe(3);
    expect(judgement.anomaly).toBe(false);
    expect(judgement.pValue).toBeGreaterThan(COUNT_DEFAULTS.alpha);
  });

  it("needs the minimum effect even when the test is significant", () => {
    // 10,000 ± 100 (Poisson): 10,900 is 9 σ away but only 9 % more.
    const judgement = judgeCount(10_900, [10_000, 10_100, 9_950, 10_050, 9_900, 10_000, 10_080, 9_970]);
    expect(judgement.pValue).toBeLessThan(1e-6);
    expect(judgement).toMatchObject({ anomaly: false, direction: "spike" });
    expect(judgement.upper).toBeGreaterThanOrEqual(10_900);
  });
});

describe("judgeRate", () => {
  const weeks = (successes: number[], trials: number): Proportion[] => successes.map((s) => ({ successes: s, trials }));

  it("does not flag a 50 % drop on 4 trials, even without the minimum of trials", () => {
    const baseline = weeks([2, 2, 3, 1, 2, 2, 2, 2], 4);
    expect(judgeRate({ successes: 1, trials: 4 }, baseline)).toMatchObject({ expected: 0.5, anomaly: false });
    expect(judgeRate({ successes: 1, trials: 4 }, baseline, { minTrials: 0 }).anomaly).toBe(false);
    expect(judgeRate({ successes: 1, trials: 4 }, weeks([200, 205, 196, 210, 199, 201, 190, 204], 400)).anomaly).toBe(
      false,
    );
  });

  it("flags 30 % → 10 % on 2,000 trials", () => {
    const baseline = weeks([612, 590, 601, 588, 620, 597, 604, 593], 2000);
    const judgement = judgeRate({ successes: 200, trials: 2000 }, baseline);
    expect(judgement).toMatchObject({ anomaly: true, direction: "drop" });
    expect(judgement.expected).toBeCloseTo(0.2995, 12); // median of the weekly rates: (597 + 601) / 2 / 2000
    expect(judgement.upper ?? 0).toBeLessThan(0.4);
    expect(judgeRate({ successes: 610, trials: 2000 }, baseline).anomaly).toBe(false);
  });
});

describe("holm", () => {
  it("steps down through the sorted p-values", () => {
    // Sorted: 0.005 ≤ 0.05/4, 0.01 ≤ 0.05/3, 0.03 > 0.05/2: stop. Only the first two are rejected.
    expect(holm([0.01, 0.04, 0.03, 0.005], 0.05)).toEqual([true, false, false, true]);
    expect(holm([], 0.05)).toEqual([]);
    expect(holm([0.001, Number.NaN], 0.05)).toEqual([true, false]);
  });
});
