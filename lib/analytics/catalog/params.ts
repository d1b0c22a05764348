import { z } from "zod";

export const catalogParamsSchema = z.strictObject({
  kind: z.literal("event_catalog"),
  /** Hidden events (status "hidden") are left out unless asked for. */
  includeHidden: z.boolean().default(false),
});

export type CatalogParams = z.infer<typeof catalogParamsSchema>;
