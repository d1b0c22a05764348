import { createLoader, parseAsBoolean, parseAsNativeArrayOf, parseAsString, parseAsStringLiteral } from "nuqs/server";

export const trendRanges = ["24h", "7d", "30d", "90d", "180d"] as const;
export const trendIntervals = ["hour", "day", "week", "month"] as const;

/**
 * The trends page's URL state, all of it shareable: `s` once per series (an event name, or the
 * series' JSON when it has a measure or filters), the formula, range, interval, comparison with
 * the period before, breakdown property, and the open point.
 */
export const trendSearchParams = {
  s: parseAsNativeArrayOf(parseAsString),
  formula: parseAsString,
  range: parseAsStringLiteral(trendRanges).withDefault("30d"),
  interval: parseAsStringLiteral(trendIntervals),
  compare: parseAsBoolean.withDefault(false),
  breakdown: parseAsString,
  /** The persons panel: `<series index>~<bucket start>`, optionally `~<breakdown value>`. */
  point: parseAsString,
};

export const loadTrendSearchParams = createLoader(trendSearchParams);
