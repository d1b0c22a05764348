import { z } from "zod";
import { eventDimensions } from "@/db/schema/dimensions";
import { parseDuration } from "@/lib/time/duration";
import { instantSchema } from "../common";
import { cursorSchema } from "../cursor";

/**
 * The dimensions deploy impact breaks every change down by (DESIGN §5.4): the promoted columns,
 * the account's plan, and os × app_version (a release is one app's version on one platform).
 */
export const impactDimensions = [...eventDimensions, "account.plan"] as const;
export type ImpactDimension = (typeof impactDimensions)[number];
export const PAIR_DIMENSION = "os×app_version";

/** An os × app_version value ("Android×5.2.0") as its two parts. */
export function splitPair(value: string | null): { os: string; version: string } {
  const [os = "", version = ""] = (value ?? "").split("×");
  return { os, version };
}

const MAX_WINDOW_SECONDS = 7 * 86_400;
const windowSchema = z
  .string()
  .default("24h")
  .transform((value, ctx) => {
    const seconds = parseDuration(value);
    if (seconds === null || seconds < 3_600 || seconds > MAX_WINDOW_SECONDS) {
      ctx.addIssue({ code: "custom", message: 'must be a duration from "1h" to "7d", like "24h"' });
      return z.NEVER;
    }
    return seconds;
  });

const impactFields = {
  /** The deploy's id, as POST /api/v1/deploys answered it. */
  deploy: z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\d{1,16}$/)
        .transform(Number),
    ])
    .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
  /** How long after the deploy is compared with the same hours of previous weeks. */
  window: windowSchema,
  /** How many previous weeks give the baseline (at least 3 must have data). */
  weeks: z.number().int().min(3).max(8).default(4),
  /** The dimensions to break changes down by (all of them by default). */
  dimensions: z
    .array(z.string())
    .min(1)
    .superRefine((names, ctx) => {
      names.forEach((name, i) => {
        if (!(impactDimensions as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: "custom",
            message: `is not a dimension deploy impact knows: ${impactDimensions.join(", ")}`,
            path: [i],
          });
        }
      });
    })
    .transform((names) => names as ImpactDimension[])
    .optional(),
};

/** DESIGN §6 `{kind: "deploy_impact", deploy, window?}`. */
export const deployImpactParamsSchema = z.strictObject({ kind: z.literal("deploy_impact"), ...impactFields });

/**
 * The persons behind one change: those active in the window (in the change's segment, when it
 * has one) who did the event there (`did`) or did not (`did_not`: for a drop, who it missed).
 */
export const deployImpactPersonsParamsSchema = z.strictObject({
  kind: z.literal("deploy_impact_persons"),
  ...impactFields,
  event: z.string().min(1).max(200),
  segment: z
    .strictObject({ dimension: z.enum([...impactDimensions, PAIR_DIMENSION]), value: z.string().max(1_000).nullable() })
    .optional(),
  status: z.enum(["did", "did_not"]),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: cursorSchema(z.tuple([z.number()])).optional(),
});

/** The deploys of a range, each with its impact badge. */
export const deploysParamsSchema = z.strictObject({
  kind: z.literal("deploys"),
  /** Deploys in [from, to); by default the last 90 days. */
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  window: windowSchema,
  /** Whether to badge each deploy here (false: the list alone, at once; the page asks each deploy's impact itself). */
  badges: z.boolean().default(true),
});

export type DeployImpactParams = z.infer<typeof deployImpactParamsSchema>;
export type DeployImpactPersonsParams = z.infer<typeof deployImpactPersonsParamsSchema>;
export type DeploysParams = z.infer<typeof deploysParamsSchema>;
