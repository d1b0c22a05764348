import type { Filter } from "@/lib/analytics/filters";
import type { TrendMeasure, TrendParams } from "@/lib/analytics/trend/params";
import type { trendIntervals, trendRanges } from "./search-params";

/** A series as the editor edits it. */
export type SeriesDraft = { event: string; measure: TrendMeasure; where: Filter[] };

type Range = (typeof trendRanges)[number];
type Interval = (typeof trendIntervals)[number];
type State = {
  s: string[];
  formula: string | null;
  range: Range;
  interval: Interval | null;
  compare: boolean;
  breakdown: string | null;
};

const RANGE_HOURS: Record<Range, number> = { "24h": 24, "7d": 168, "30d": 720, "90d": 2_160, "180d": 4_320 };
export const DEFAULT_SERIES: SeriesDraft = { event: "$any", measure: "count", where: [] };

/** A series in the URL: its event name alone when it counts events without filters, else its JSON. */
export function encodeSeries(series: SeriesDraft): string {
  if (series.measure === "count" && series.where.length === 0 && !series.event.startsWith("{")) return series.event;
  return JSON.stringify({
    e: series.event,
    ...(series.measure === "count" ? {} : { m: series.measure }),
    ...(series.where.length ? { w: series.where } : {}),
  });
}

export function decodeSeries(text: string): SeriesDraft {
  if (!text.startsWith("{")) return { event: text, measure: "count", where: [] };
  try {
    const parsed = JSON.parse(text) as { e?: string; m?: TrendMeasure; w?: Filter[] };
    const measure = parsed.m === "persons" || parsed.m === "per_person" ? parsed.m : "count";
    return { event: String(parsed.e ?? "$any"), measure, where: Array.isArray(parsed.w) ? parsed.w : [] };
  } catch {
    return { ...DEFAULT_SERIES };
  }
}

export function defaultTrendInterval(range: Range): Interval {
  return range === "24h" || range === "7d" ? "hour" : "day";
}

/** The filters a request can carry: those with a property named. */
const usable = (where: Filter[]) => where.filter((f) => f.property.trim() !== "");

/** URL state → the API's trend request. Pure: server prefetch and browser share it. The range ends at `anchor`. */
export function trendQuery(state: State, anchor: string): TrendParams {
  const series = (state.s.length ? state.s.map(decodeSeries) : [DEFAULT_SERIES]).slice(0, 10);
  const from = new Date(Date.parse(anchor) - RANGE_HOURS[state.range] * 3_600_000).toISOString();
  return {
    kind: "trend",
    series: series.map((s) => ({
      event: s.event || "$any",
      measure: s.measure,
      ...(usable(s.where).length ? { where: usable(s.where) } : {}),
    })),
    interval: state.interval ?? defaultTrendInterval(state.range),
    from,
    to: anchor,
    ...(state.formula?.trim() ? { formula: state.formula.trim() } : {}),
    ...(state.compare ? { compare: true } : {}),
    ...(state.breakdown ? { breakdown: { property: state.breakdown, limit: 10 } } : {}),
  };
}

/** The open point: which series, which bucket, which breakdown group. */
export type Point = { seriesIndex: number; bucket: string; value?: string | null };
const NO_VALUE = "$none";

export function encodePoint(point: Point): string {
  const parts = [String(point.seriesIndex), point.bucket];
  if (point.value !== undefined) parts.push(point.value === null ? NO_VALUE : point.value);
  return parts.join("~");
}

export function decodePoint(text: string | null): Point | null {
  const match = text ? /^(\d+)~([^~]+)(?:~([\s\S]*))?$/.exec(text) : null;
  if (!match) return null;
  const value = match[3] === undefined ? undefined : match[3] === NO_VALUE ? null : match[3];
  return { seriesIndex: Number(match[1]), bucket: match[2] as string, value };
}

/**
 * The anomaly flags a trend's chart draws (lib/analytics/anomalies): its series over its range,
 * for hours and days without a breakdown (a breakdown's groups are judged on the deploy page);
 * null where there is nothing to flag.
 */
export function anomaliesQuery(trend: TrendParams) {
  if (trend.breakdown || (trend.interval !== "hour" && trend.interval !== "day")) return null;
  return {
    kind: "anomalies" as const,
    series: trend.series,
    interval: trend.interval,
    from: trend.from,
    to: trend.to,
  };
}
