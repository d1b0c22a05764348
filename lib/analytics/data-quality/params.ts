import { z } from "zod";
import { checkRange, instantSchema } from "../common";

/** A year and a day, like the other reports: the issue counts are one row per day and reason. */
const MAX_DAYS = 366;

/**
 * DESIGN §5.6. The range is counted in whole UTC days (the resolution of ingest_issues): `from`
 * and `to` are widened to the days they touch (lib/analytics/data-quality/query.ts).
 */
export const dataQualityParamsSchema = z
  .strictObject({
    kind: z.literal("data_quality"),
    from: instantSchema,
    to: instantSchema,
  })
  .superRefine(checkRange(MAX_DAYS));

export type DataQualityParams = z.infer<typeof dataQualityParamsSchema>;
