/** Deploy impact's counts by window, looked up by event, dimension and value (pure). */

/** Counts of a window k, an event (null: every event, the scope's traffic), a dimension ('' the total) and a value. */
export type CountRow = { k: number; event_id: number | null; d: string; v: string | null; n: number };

const key = (event: number | null, d: string, v: string | null) => `${event ?? "*"}\u0000${d}\u0000${v ?? "\u0001"}`;

/** The counts by window, looked up by event, dimension and value. */
export type Counts = {
  windowsOf: (event: number | null, d: string, v: string | null) => number[];
  valuesOf: (event: number, d: string) => Set<string | null>;
  dimensionsOf: (event: number) => string[];
  /** The values of a dimension seen in any event's traffic. */
  trafficValuesOf: (d: string) => (string | null)[];
  /** The baseline weeks of a window list (k ≥ 1), null where the data had not begun. */
  baselineOf: (windows: number[]) => (number | null)[];
  missingWeeks: Set<number>;
};

export function countsOf(rows: CountRow[], weeks: number, missingWeeks: Set<number>): Counts {
  const byKey = new Map<string, number[]>();
  const values = new Map<string, Set<string | null>>();
  const trafficValues = new Map<string, Set<string | null>>();
  const dimensions = new Map<number, Set<string>>();
  for (const row of rows) {
    const k = key(row.event_id, row.d, row.v);
    const windows = byKey.get(k) ?? Array.from({ length: weeks + 1 }, () => 0);
    windows[row.k] = row.n;
    byKey.set(k, windows);
    if (row.d !== "" && row.event_id === null) {
      (trafficValues.get(row.d) ?? trafficValues.set(row.d, new Set()).get(row.d))?.add(row.v);
    }
    if (row.d === "" || row.event_id === null) continue;
    const vk = `${row.event_id}\u0000${row.d}`;
    (values.get(vk) ?? values.set(vk, new Set()).get(vk))?.add(row.v);
    (dimensions.get(row.event_id) ?? dimensions.set(row.event_id, new Set()).get(row.event_id))?.add(row.d);
  }
  return {
    windowsOf: (event, d, v) => byKey.get(key(event, d, v)) ?? Array.from({ length: weeks + 1 }, () => 0),
    valuesOf: (event, d) => values.get(`${event}\u0000${d}`) ?? new Set(),
    dimensionsOf: (event) => [...(dimensions.get(event) ?? [])],
    trafficValuesOf: (d) => [...(trafficValues.get(d) ?? [])],
    baselineOf: (windows) => windows.slice(1).map((n, i) => (missingWeeks.has(i + 1) ? null : n)),
    missingWeeks,
  };
}

/** The median of an event's baseline shares of its traffic (weeks with traffic), or null. */
export function medianShare(events: number[], traffic: number[], missingWeeks: Set<number>): number | null {
  const rates = events
    .slice(1)
    .map((n, i) => (missingWeeks.has(i + 1) || !(traffic[i + 1] ?? 0) ? null : n / (traffic[i + 1] as number)))
    .filter((r): r is number => r !== null);
  return rates.length ? median(rates) : null;
}

/** The median of some numbers (0 of none). */
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return sorted.length ? ((sorted[Math.floor(mid)] as number) + (sorted[Math.ceil(mid)] as number)) / 2 : 0;
};
