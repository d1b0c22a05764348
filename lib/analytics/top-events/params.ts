import { z } from "zod";
import { instantSchema } from "../common";

export const topEventsParamsSchema = z
  .strictObject({
    kind: z.literal("top_events"),
    from: instantSchema,
    to: instantSchema,
    limit: z.number().int().min(1).max(100).default(10),
  })
  .refine((p) => p.from < p.to, { message: "must be after from", path: ["to"] });

export type TopEventsParams = z.infer<typeof topEventsParamsSchema>;
