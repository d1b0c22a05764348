import type { DataQualityParams } from "@/lib/analytics/data-quality/params";
import type { DataQualityRange } from "./search-params";

const DAY = 86_400_000;
const RANGE_DAYS: Record<DataQualityRange, number> = { "7d": 7, "30d": 30, "90d": 90 };

/** The end of every range: the end of the current UTC day (data quality counts whole UTC days). */
export function dataQualityAnchor(now: Date): string {
  return new Date((Math.floor(now.getTime() / DAY) + 1) * DAY).toISOString();
}

/** URL state → the API request: the last N UTC days, today included. Pure: server and browser share it. */
export function dataQualityQuery(state: { range: DataQualityRange }, anchor: string): DataQualityParams {
  const from = new Date(Date.parse(anchor) - RANGE_DAYS[state.range] * DAY).toISOString();
  return { kind: "data_quality", from, to: anchor };
}
