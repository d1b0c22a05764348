import { z } from "zod";
import { parseDuration } from "@/lib/time/duration";
import { breakdownSchema } from "../breakdown";
import { checkRange, eventNameSchema, instantSchema } from "../common";
import { cursorSchema } from "../cursor";
import { whereSchema } from "../filters";
import { eventMatcherSchema } from "../matchers";
import { unitSchema } from "../units";

const MAX_WINDOW_SECONDS = 366 * 86_400;

/** One event a step (or an OR-step's alternative, or an exclusion) matches, with its filters. */
const matcherSchema = eventMatcherSchema;

/** An event with filters, or an OR-step (`anyOf`: any of 2–10 events, each with its filters). */
export const funnelStepSchema = z
  .strictObject({
    event: eventNameSchema.optional(),
    where: whereSchema.optional(),
    anyOf: z.array(matcherSchema).min(2).max(10).optional(),
    optional: z.boolean().optional(),
  })
  .superRefine((step, ctx) => {
    if ((step.event === undefined) === (step.anyOf === undefined)) {
      ctx.addIssue({ code: "custom", message: "a step has an event or anyOf, one of the two", path: ["event"] });
    } else if (step.anyOf && step.where) {
      ctx.addIssue({ code: "custom", message: "an OR-step's filters go with each of its events", path: ["where"] });
    }
  });

const durationSchema = z.string().transform((value, ctx) => {
  const seconds = parseDuration(value);
  if (seconds === null || seconds < 1 || seconds > MAX_WINDOW_SECONDS) {
    ctx.addIssue({ code: "custom", message: 'must be a duration from "1s" to "366d", like "14d" or "90m"' });
    return z.NEVER;
  }
  return seconds;
});

/** DESIGN §5.1 and §6. Entry events in [from, to); later steps may fall after `to`, within the window. */
export const funnelFields = {
  steps: z.array(funnelStepSchema).min(2).max(20),
  from: instantSchema,
  to: instantSchema,
  /** Conversion window from step 1, in seconds once parsed ("14d"). */
  window: durationSchema.default(14 * 86_400),
  order: z.enum(["ordered", "strict", "any"]).default("ordered"),
  exclusions: z
    .array(
      z.strictObject({ ...matcherSchema.shape, between: z.tuple([z.number().int().min(1), z.number().int().min(1)]) }),
    )
    .max(5)
    .optional(),
  breakdown: breakdownSchema.optional(),
  unit: unitSchema,
  /** Conversion over time: by the entry's day or week. */
  interval: z.enum(["day", "week"]).default("day"),
};

type FunnelShape = {
  steps: z.infer<typeof funnelStepSchema>[];
  from: string;
  to: string;
  order: "ordered" | "strict" | "any";
  exclusions?: { between: [number, number] }[];
};

/** The rules a funnel's parts must keep together, each refused naming its field. */
export function checkFunnel(p: FunnelShape, ctx: z.RefinementCtx) {
  checkRange(366)(p, ctx);
  const last = p.steps.length - 1;
  p.steps.forEach((step, i) => {
    if (!step.optional) return;
    if (i === 0 || i === last) {
      ctx.addIssue({
        code: "custom",
        message: "the first and last steps cannot be optional",
        path: ["steps", i, "optional"],
      });
    } else if (p.order !== "ordered") {
      ctx.addIssue({ code: "custom", message: `optional steps need order "ordered"`, path: ["steps", i, "optional"] });
    }
  });
  p.exclusions?.forEach((exclusion, i) => {
    const [a, b] = exclusion.between;
    if (p.order === "any") {
      ctx.addIssue({ code: "custom", message: `exclusions need order "ordered" or "strict"`, path: ["exclusions", i] });
    } else if (a >= b || b > p.steps.length) {
      ctx.addIssue({
        code: "custom",
        message: `must name two steps a < b of the ${p.steps.length}`,
        path: ["exclusions", i, "between"],
      });
    } else if (p.steps[a - 1]?.optional || p.steps[b - 1]?.optional) {
      ctx.addIssue({
        code: "custom",
        message: "must name required steps, not optional ones",
        path: ["exclusions", i, "between"],
      });
    }
  });
}

export const funnelParamsSchema = z
  .strictObject({ kind: z.literal("funnel"), ...funnelFields })
  .superRefine(checkFunnel);

export const funnelPersonsParamsSchema = z
  .strictObject({
    kind: z.literal("funnel_persons"),
    ...funnelFields,
    /** 1-based. */
    step: z.number().int().min(1),
    /** `converted`: reached step k; `dropped`: reached the step before it and not k. */
    status: z.enum(["converted", "dropped"]),
    /** Only the persons of this breakdown value (null: those without one; "$other": outside the top N). */
    breakdownValue: z.string().max(1_000).nullable().optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: cursorSchema(z.tuple([z.number()])).optional(),
  })
  .superRefine((p, ctx) => {
    checkFunnel(p, ctx);
    if (p.step > p.steps.length)
      ctx.addIssue({ code: "custom", message: `must be a step of the ${p.steps.length}`, path: ["step"] });
    if (p.step === 1 && p.status === "dropped") {
      ctx.addIssue({ code: "custom", message: "nobody drops at step 1: entering is step 1", path: ["status"] });
    }
  });

export type FunnelParams = z.infer<typeof funnelParamsSchema>;
export type FunnelPersonsParams = z.infer<typeof funnelPersonsParamsSchema>;
export type FunnelStep = z.infer<typeof funnelStepSchema>;
