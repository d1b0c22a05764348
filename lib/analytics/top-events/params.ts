import { z } from "zod";
import { checkRange, instantSchema } from "../common";

/** A year and a day: more would read every event of the range for unique persons. */
const MAX_DAYS = 366;

export const topEventsParamsSchema = z
  .strictObject({
    kind: z.literal("top_events"),
    from: instantSchema,
    to: instantSchema,
    limit: z.number().int().min(1).max(100).default(10),
    /**
     * Unique persons per event. Counting them reads every event of the range (0.9 s at 10M events
     * over 30 days, docs/benchmarks.md); without them, counts come from the hourly counts in
     * milliseconds. The overview asks for counts first and persons second.
     */
    persons: z.boolean().default(true),
  })
  .superRefine(checkRange(MAX_DAYS));

export type TopEventsParams = z.infer<typeof topEventsParamsSchema>;
