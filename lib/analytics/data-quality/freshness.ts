// Pure (no server imports): the overview's freshness dot in the browser uses it too.

/** Freshness of a project's data: how long since the newest event arrived (docs/data-quality.md). */
export const FRESHNESS_THRESHOLDS = { delayedAfterSeconds: 3_600, staleAfterSeconds: 86_400 } as const;
export type FreshnessStatus = "fresh" | "delayed" | "stale" | "empty";
export type Freshness = { lastReceivedAt: string | null; lagSeconds: number | null; status: FreshnessStatus };

/** `fresh` under an hour, `delayed` under a day, `stale` beyond, `empty` before any event. */
export function freshnessOf(lastReceivedAt: string | null, now: Date): Freshness {
  if (lastReceivedAt === null) return { lastReceivedAt, lagSeconds: null, status: "empty" };
  const lagSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(lastReceivedAt)) / 1000));
  const status =
    lagSeconds < FRESHNESS_THRESHOLDS.delayedAfterSeconds
      ? "fresh"
      : lagSeconds < FRESHNESS_THRESHOLDS.staleAfterSeconds
        ? "delayed"
        : "stale";
  return { lastReceivedAt, lagSeconds, status };
}
