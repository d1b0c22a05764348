import { z } from "zod";
import { instantSchema } from "@/lib/analytics/common";

const text = (max: number) => z.string().trim().min(1).max(max);

/** POST /api/v1/deploys body. */
export const deployParamsSchema = z.strictObject({
  service: text(100),
  version: text(100),
  environment: text(50).default("production"),
  commit: text(100).nullish(),
  description: text(1_000).nullish(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullish(),
  timestamp: instantSchema.optional(),
});
