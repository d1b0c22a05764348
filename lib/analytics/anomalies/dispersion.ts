// The overdispersion of a whole series, estimated once over all its slots and passed to every judgement:
// 3 to 8 weeks are far too few to estimate one slot's variance (docs/anomalies.md, "Noise").
import { summarizeCounts, summarizeRates } from "./robust";
import { COUNT_DEFAULTS, type Proportion, RATE_DEFAULTS } from "./stats";

/**
 * φ in variance = mean + φ·mean² (the squared coefficient of variation of the underlying rate from week to
 * week), from the robust variance of each slot's baseline weeks. Slots with fewer than minHistory weeks or a
 * median of 0 carry no information on φ.
 */
export function estimateCountDispersion(
  baselines: readonly (readonly (number | null)[])[],
  minHistory = COUNT_DEFAULTS.minHistory,
): number {
  const slots: { level: number; poisson: number; variance: number }[] = [];
  for (const baseline of baselines) {
    const slot = summarizeCounts(baseline);
    if (slot.weeks >= minHistory && slot.median > 0) {
      slots.push({ level: slot.median * slot.median, poisson: slot.median, variance: slot.variance });
    }
  }
  return pooledExcess(slots);
}

/**
 * ρ in Var(weekly rate) = ρ·p(1 − p) + p(1 − p)/trials: how much of a rate's week-to-week variation is not
 * binomial noise. Slots at a rate of exactly 0 or 1 carry no information on ρ.
 */
export function estimateRateDispersion(
  baselines: readonly (readonly (Proportion | null)[])[],
  minHistory = RATE_DEFAULTS.minHistory,
): number {
  const slots: { level: number; poisson: number; variance: number }[] = [];
  for (const baseline of baselines) {
    const slot = summarizeRates(baseline);
    if (slot.weeks >= minHistory && slot.median > 0 && slot.median < 1) {
      const spread = slot.median * (1 - slot.median);
      slots.push({ level: spread, poisson: spread / slot.trials, variance: slot.variance });
    }
  }
  return pooledExcess(slots);
}

/**
 * The θ ≥ 0 that best explains variance ≈ poisson + θ·level over the slots: each slot's excess
 * (variance − poisson) / level, averaged with inverse-variance weights (level / expected variance)², which
 * depend on θ, hence a few fixed-point rounds (they settle in 2–3).
 */
function pooledExcess(slots: readonly { level: number; poisson: number; variance: number }[]): number {
  let theta = 0;
  for (let round = 0; round < 5 && slots.length > 0; round++) {
    let sum = 0;
    let weights = 0;
    for (const { level, poisson, variance } of slots) {
      const weight = (level / (poisson + theta * level)) ** 2;
      sum += (weight * (variance - poisson)) / level;
      weights += weight;
    }
    theta = Math.max(0, sum / weights);
  }
  return theta;
}
