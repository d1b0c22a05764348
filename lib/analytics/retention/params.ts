import { z } from "zod";
import { breakdownSchema } from "../breakdown";
import { checkRange, instantSchema } from "../common";
import { cursorSchema } from "../cursor";
import { eventMatcherSchema } from "../matchers";
import { unitSchema } from "../units";

/** An event name (or "$any") alone, or with filters: `"signup"` is `{ event: "signup" }`. */
const retentionEventSchema = z.union([
  eventMatcherSchema.shape.event.transform((event) => ({ event, where: undefined })),
  eventMatcherSchema,
]);

/** The longest cohort range: 366 days (up to 53 weekly or 12 monthly cohorts, 366 daily ones). */
const MAX_RANGE_DAYS = 366;

/** DESIGN §5.2 and §6. Cohorts are the periods (in the project's zone) that start in [from, to). */
const retentionFields = {
  startEvent: retentionEventSchema,
  returnEvent: retentionEventSchema,
  period: z.enum(["day", "week", "month"]).default("week"),
  /** How many periods after the cohort's own (period 0) are measured. */
  periods: z.number().int().min(1).max(90).default(8),
  from: instantSchema,
  to: instantSchema,
  mode: z.enum(["first_time", "recurring"]).default("first_time"),
  /** `true`: retained at k = did the return event in period k ("on"); `false`: in k or any later ("on or after"). */
  bounded: z.boolean().default(true),
  breakdown: breakdownSchema.optional(),
  unit: unitSchema,
};

export const retentionParamsSchema = z
  .strictObject({ kind: z.literal("retention"), ...retentionFields })
  .superRefine(checkRange(MAX_RANGE_DAYS));

export const retentionPersonsParamsSchema = z
  .strictObject({
    kind: z.literal("retention_persons"),
    ...retentionFields,
    /** The cohort: its period's start, as the retention result gives it. */
    cohort: instantSchema,
    /**
     * The cell's period after the cohort's: 0 (the cohort itself) … `periods`. Not `period`, which
     * the retention parameters already use for the period's length (DESIGN §6 names both so).
     */
    periodIndex: z.number().int().min(0).max(90),
    /** `retained` at that period, or `lost` there (in the cohort, not retained). */
    status: z.enum(["retained", "lost"]),
    /** Only the persons of this breakdown value (null: those without one; "$other": outside the top N). */
    breakdownValue: z.string().max(1_000).nullable().optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: cursorSchema(z.tuple([z.number()])).optional(),
  })
  .superRefine((p, ctx) => {
    checkRange(MAX_RANGE_DAYS)(p, ctx);
    if (p.periodIndex > p.periods) {
      ctx.addIssue({ code: "custom", message: `must be from 0 to periods (${p.periods})`, path: ["periodIndex"] });
    } else if (p.periodIndex === 0 && p.status === "lost") {
      ctx.addIssue({ code: "custom", message: "nobody is lost at period 0: it is the cohort", path: ["status"] });
    }
  });

export type RetentionParams = z.infer<typeof retentionParamsSchema>;
export type RetentionPersonsParams = z.infer<typeof retentionPersonsParamsSchema>;
