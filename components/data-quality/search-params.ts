import { createLoader, parseAsStringLiteral } from "nuqs/server";

export const dataQualityRanges = ["7d", "30d", "90d"] as const;
export type DataQualityRange = (typeof dataQualityRanges)[number];

/** The data quality page's URL state (`?range=30d`): shareable, read on server and client. */
export const dataQualitySearchParams = {
  range: parseAsStringLiteral(dataQualityRanges).withDefault("7d"),
};

export const loadDataQualitySearchParams = createLoader(dataQualitySearchParams);
