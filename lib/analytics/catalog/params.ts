import { z } from "zod";
import { cursorSchema } from "../cursor";

export const catalogParamsSchema = z.strictObject({
  kind: z.literal("event_catalog"),
  /** Hidden events (status "hidden") are left out unless asked for. */
  includeHidden: z.boolean().default(false),
  limit: z.number().int().min(1).max(1_000).default(200),
  /** `nextCursor` of the page before: its last row's (volume, name). */
  cursor: cursorSchema(z.tuple([z.number(), z.string()])).optional(),
});

export type CatalogParams = z.infer<typeof catalogParamsSchema>;
