import type { TopEventsParams } from "@/lib/analytics/top-events/params";
import type { TrendParams } from "@/lib/analytics/trend/params";
import type { OverviewInterval, OverviewRange } from "./search-params";

const RANGE_HOURS: Record<OverviewRange, number> = { "24h": 24, "7d": 168, "30d": 720, "90d": 2_160 };

/** The end of every overview range: the next whole hour, so hourly rollups answer exactly. */
export function overviewAnchor(now: Date): string {
  return new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000).toISOString();
}

export function defaultInterval(range: OverviewRange): OverviewInterval {
  return range === "24h" || range === "7d" ? "hour" : "day";
}

/**
 * URL state → the API queries the overview shows. Pure: server prefetch and browser share it.
 * Top events come in two steps: counts (from the hourly counts, milliseconds; prefetched with
 * the page) and unique persons (a scan of the range's events; fetched by the browser after).
 */
export function overviewQueries(
  state: { range: OverviewRange; interval: OverviewInterval | null },
  anchor: string,
): { trend: TrendParams; topEvents: TopEventsParams; topEventPersons: TopEventsParams } {
  const to = anchor;
  const from = new Date(Date.parse(anchor) - RANGE_HOURS[state.range] * 3_600_000).toISOString();
  return {
    trend: {
      kind: "trend",
      series: [{ event: "$any", measure: "count" }],
      interval: state.interval ?? defaultInterval(state.range),
      from,
      to,
    },
    topEvents: { kind: "top_events", from, to, limit: 10, persons: false },
    topEventPersons: { kind: "top_events", from, to, limit: 10, persons: true },
  };
}
