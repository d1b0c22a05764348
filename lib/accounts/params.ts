import { z } from "zod";
import { instantSchema, intervals } from "@/lib/analytics/common";
import { cursorSchema } from "@/lib/analytics/cursor";

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * GET …/accounts. Sorts: `last_seen` (a member's latest event; default), `members`, `events` (the
 * members' events, all time: the account's activity), `plan` (the trait, A→Z). All but `plan`
 * put the most first.
 */
export const accountSorts = ["last_seen", "members", "events", "plan"] as const;
export type AccountSort = (typeof accountSorts)[number];

export const accountListParamsSchema = z.strictObject({
  search: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(accountSorts).default("last_seen"),
  limit: limit(200, 50),
  cursor: cursorSchema(z.tuple([z.union([z.string(), z.number()]), z.number()])).optional(),
});
export type AccountListParams = z.infer<typeof accountListParamsSchema>;

/** GET …/accounts/{groupId}/activity: events and active members per bucket (default: 90 days by day). */
export const accountActivityParamsSchema = z
  .strictObject({
    interval: z.enum(intervals).default("day"),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
  })
  .transform((p) => {
    const to = p.to ?? new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000).toISOString();
    const from = p.from ?? new Date(Date.parse(to) - 90 * 86_400_000).toISOString();
    return { ...p, from, to };
  })
  .superRefine((p, ctx) => {
    if (p.from >= p.to) ctx.addIssue({ code: "custom", message: "must be after from", path: ["to"] });
    const hours = (Date.parse(p.to) - Date.parse(p.from)) / 3_600_000;
    const per = { hour: 1, day: 24, week: 168, month: 720 }[p.interval];
    if (hours / per > 2_000)
      ctx.addIssue({ code: "custom", message: "too many buckets: at most 2,000", path: ["interval"] });
  });
export type AccountActivityParams = z.infer<typeof accountActivityParamsSchema>;
