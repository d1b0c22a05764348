import { createLoader, parseAsStringLiteral } from "nuqs/server";

export const overviewRanges = ["24h", "7d", "30d", "90d"] as const;
export const overviewIntervals = ["hour", "day", "week"] as const;
export type OverviewRange = (typeof overviewRanges)[number];
export type OverviewInterval = (typeof overviewIntervals)[number];

/** The overview's URL state (`?range=7d&interval=hour`): shareable, read on server and client. */
export const overviewSearchParams = {
  range: parseAsStringLiteral(overviewRanges).withDefault("30d"),
  interval: parseAsStringLiteral(overviewIntervals),
};

export const loadOverviewSearchParams = createLoader(overviewSearchParams);
