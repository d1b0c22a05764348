/** Nearest-rank percentile of ascending `sorted` (p in 0…1): the median of 5 runs is the 3rd. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

/** One decimal: milliseconds and seconds as the tables print them. */
export const round = (n: number) => Math.round(n * 10) / 10;
