import { createLoader, parseAsNativeArrayOf, parseAsString, parseAsStringLiteral } from "nuqs/server";

export const funnelRanges = ["7d", "30d", "90d"] as const;
export const funnelOrders = ["ordered", "strict", "any"] as const;
export const funnelWindows = ["1h", "1d", "7d", "14d", "30d"] as const;

/**
 * The funnel page's URL state, all of it shareable: `step` once per step (`?step=a&step=b`) (an event name, or a
 * step's JSON when it has filters, alternatives or is optional), `excl` once per exclusion (JSON),
 * the range, window, order, breakdown property, unit and the over-time interval.
 */
export const funnelSearchParams = {
  step: parseAsNativeArrayOf(parseAsString),
  excl: parseAsNativeArrayOf(parseAsString),
  range: parseAsStringLiteral(funnelRanges).withDefault("30d"),
  window: parseAsString.withDefault("14d"),
  order: parseAsStringLiteral(funnelOrders).withDefault("ordered"),
  breakdown: parseAsString,
  unit: parseAsStringLiteral(["persons", "accounts"] as const).withDefault("persons"),
  interval: parseAsStringLiteral(["day", "week"] as const).withDefault("day"),
  /** The persons panel: `step:converted|dropped`, optionally `:breakdown value`. */
  who: parseAsString,
};

export const loadFunnelSearchParams = createLoader(funnelSearchParams);
