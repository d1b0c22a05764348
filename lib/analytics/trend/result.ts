import type { Deploy } from "@/lib/deploys/deploys";
import type { Interval, ResultMeta } from "../common";
import type { TrendSeriesParams } from "./params";

export type TrendPoint = { t: string; value: number };
export type TrendSeries = TrendSeriesParams & { points: TrendPoint[] };
export type TrendResult = { interval: Interval; series: TrendSeries[]; deploys: Deploy[]; meta: ResultMeta };

export function toTrendSeries(params: TrendSeriesParams, rows: { t: string; value: number }[]): TrendSeries {
  return { ...params, points: rows.map((row) => ({ t: row.t, value: Number(row.value) })) };
}
