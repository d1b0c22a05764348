/** A discrete distribution's tails: P(X ≤ k), P(X ≥ k) and P(X = k), each accurate in its own right. */
export type Tails = { lower: (k: number) => number; upper: (k: number) => number; pmf: (k: number) => number };

/**
 * The integers a two-sided test at level 2·half does not reject: smallest k with P(X ≤ k) > half and largest
 * k with P(X ≥ k) > half. Walks along the mass function from approximate quantiles (a few steps from a
 * Cornish–Fisher start); a walk longer than `steps` (a start far off, at extreme skew) becomes a bisection.
 */
export function acceptedRange(tails: Tails, starts: [number, number], half: number, steps: number): [number, number] {
  return [lowestAccepted(tails, starts[0], half, steps), highestAccepted(tails, starts[1], half, steps)];
}

/** Cornish–Fisher quantile (mean, sd, skewness, normal quantile z) as an integer on z's side of the mean. */
export function cornishFisher(mean: number, sd: number, skew: number, z: number): number {
  const guess = Math.round(mean + sd * (z + ((z * z - 1) * skew) / 6));
  return Math.max(0, z < 0 ? Math.min(guess, Math.floor(mean)) : Math.max(guess, Math.ceil(mean)));
}

function lowestAccepted(tails: Tails, start: number, half: number, steps: number): number {
  let k = start;
  let cdf = tails.lower(k);
  for (let i = 0; i < steps; i++) {
    if (cdf > half) {
      if (k === 0) return 0;
      const below = cdf - tails.pmf(k);
      if (below <= half) return k;
      cdf = below;
      k--;
    } else {
      k++;
      cdf += tails.pmf(k);
      if (cdf > half) return k;
    }
  }
  return firstTrue((j) => tails.lower(j) > half);
}

function highestAccepted(tails: Tails, start: number, half: number, steps: number): number {
  let k = start;
  let sf = tails.upper(k);
  for (let i = 0; i < steps; i++) {
    if (sf > half) {
      const above = sf - tails.pmf(k);
      if (above <= half) return k;
      sf = above;
      k++;
    } else {
      if (k === 0) return 0;
      k--;
      sf += tails.pmf(k);
      if (sf > half) return k;
    }
  }
  return firstTrue((j) => tails.upper(j + 1) <= half);
}

/** The smallest integer k ≥ 0 at which a monotone (false, then true) predicate holds. */
function firstTrue(holds: (k: number) => boolean): number {
  if (holds(0)) return 0;
  let lo = 0;
  let hi = 1;
  while (!holds(hi)) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
