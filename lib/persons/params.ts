import { z } from "zod";
import { eventNameSchema, instantSchema } from "@/lib/analytics/common";
import { cursorSchema } from "@/lib/analytics/cursor";
import { whereSchema } from "@/lib/analytics/filters";

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** A JSON array in a query string (`where=[{"property":"person.plan","op":"eq","value":"pro"}]`). */
const jsonWhere = z
  .string()
  .max(10_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "is not JSON" });
      return z.NEVER;
    }
  })
  .pipe(whereSchema);

/** Several names as `events=a&events=b` or `events=a,b`. */
export const eventNamesSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(",")).filter(Boolean))
  .pipe(z.array(eventNameSchema).max(50));

export const personSorts = ["last_seen", "first_seen", "event_count"] as const;

/** GET …/persons: search, who did an event, person filters; newest activity first by default. */
export const personListParamsSchema = z
  .strictObject({
    search: z.string().trim().min(1).max(200).optional(),
    did: eventNameSchema.optional(),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    where: jsonWhere.optional(),
    sort: z.enum(personSorts).default("last_seen"),
    limit: limit(200, 50),
    cursor: cursorSchema(z.tuple([z.union([z.string(), z.number()]), z.number()])).optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.from || p.to) && !p.did) ctx.addIssue({ code: "custom", message: "from and to go with did", path: ["did"] });
    if (p.from && p.to && p.from >= p.to) ctx.addIssue({ code: "custom", message: "must be after from", path: ["to"] });
  });
export type PersonListParams = z.infer<typeof personListParamsSchema>;

/** GET …/persons/{id}/events (and an account's): newest first, keyset on (timestamp, id). */
export const timelineParamsSchema = z.strictObject({
  limit: limit(200, 50),
  cursor: cursorSchema(z.tuple([z.string(), z.number()])).optional(),
  events: eventNamesSchema.optional(),
  /** Start the page at the events before this instant (jump to a date). */
  before: instantSchema.optional(),
});
export type TimelineParams = z.infer<typeof timelineParamsSchema>;
