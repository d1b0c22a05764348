import type { Proportion } from "./stats";

/**
 * 1 / E[(1.4826·MAD)²] for n normal values (10^6 simulated samples each): the squared MAD is a biased
 * estimate of the variance at a few weeks (by 24 % at 3, 8 % at 8), so it is scaled to be unbiased.
 */
const SMALL_SAMPLE = [1, 1, 0.911, 1.313, 1.395, 1.102, 1.154, 1.054, 1.087, 1.036, 1.057, 1.026, 1.04];

export type CountSummary = { weeks: number; median: number; variance: number };
export type RateSummary = { weeks: number; median: number; trials: number; variance: number };

/** The baseline's non-null weeks: how many, their median and their robust variance. */
export function summarizeCounts(baseline: readonly (number | null)[]): CountSummary {
  const values: number[] = [];
  for (const value of baseline) if (value !== null && Number.isFinite(value)) values.push(Math.max(0, value));
  const median = sortedMedian(values);
  return { weeks: values.length, median, variance: robustVariance(values, median) };
}

/** The baseline's weeks with trials: how many, the median weekly rate and trials, and the rates' robust variance. */
export function summarizeRates(baseline: readonly (Proportion | null)[]): RateSummary {
  const rates: number[] = [];
  const trials: number[] = [];
  for (const week of baseline) {
    if (week === null || !(week.trials > 0)) continue;
    rates.push(Math.min(1, Math.max(0, week.successes / week.trials)));
    trials.push(week.trials);
  }
  const median = sortedMedian(rates);
  return { weeks: rates.length, median, trials: sortedMedian(trials), variance: robustVariance(rates, median) };
}

/** Sorts `values` in place (insertion sort: a few weeks, 5× faster than Array.sort) and returns their median. */
function sortedMedian(values: number[]): number {
  const n = values.length;
  for (let i = 1; i < n; i++) {
    const value = values[i] ?? 0;
    let j = i - 1;
    for (; j >= 0 && (values[j] ?? 0) > value; j--) values[j + 1] = values[j] ?? 0;
    values[j + 1] = value;
  }
  if (n === 0) return Number.NaN;
  const upper = values[n >> 1] ?? Number.NaN;
  return n % 2 === 1 ? upper : ((values[(n >> 1) - 1] ?? Number.NaN) + upper) / 2;
}

/**
 * (1.4826·MAD)², unbiased for small n. When more than half the weeks are equal the MAD is 0 (common with
 * small counts): the mean absolute deviation × 1.2533, also consistent for a normal's σ, stands in.
 */
function robustVariance(values: number[], center: number): number {
  const n = values.length;
  if (n < 2) return 0;
  const deviations = new Array<number>(n);
  for (let i = 0; i < n; i++) deviations[i] = Math.abs((values[i] ?? 0) - center);
  const mad = sortedMedian(deviations);
  if (mad > 0) return (1.4826 * mad) ** 2 * (SMALL_SAMPLE[n] ?? 1 + 0.35 / n);
  let sum = 0;
  for (const deviation of deviations) sum += deviation;
  return ((1.2533 * sum) / n) ** 2;
}
