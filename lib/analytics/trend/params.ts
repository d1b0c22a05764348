import { z } from "zod";
import { eventNameSchema, instantSchema, intervals } from "../common";

const MAX_POINTS = 5_000;
const INTERVAL_HOURS = { hour: 1, day: 24, week: 168, month: 720 } as const;

export const trendSeriesSchema = z.strictObject({
  event: eventNameSchema,
  measure: z.enum(["count", "persons"]).default("count"),
});

/** DESIGN §6 trend request. Filters, breakdowns and comparison arrive with the trends issue. */
export const trendParamsSchema = z
  .strictObject({
    kind: z.literal("trend"),
    series: z.array(trendSeriesSchema).min(1).max(10),
    interval: z.enum(intervals).default("day"),
    from: instantSchema,
    to: instantSchema,
  })
  .refine((p) => p.from < p.to, { message: "must be after from", path: ["to"] })
  .refine((p) => (Date.parse(p.to) - Date.parse(p.from)) / 3_600_000 / INTERVAL_HOURS[p.interval] <= MAX_POINTS, {
    message: `too many points: use a coarser interval (at most ${MAX_POINTS} per series)`,
    path: ["interval"],
  });

export type TrendParams = z.infer<typeof trendParamsSchema>;
export type TrendSeriesParams = z.infer<typeof trendSeriesSchema>;
