import { z } from "zod";
import { breakdownSchema } from "../breakdown";
import { eventNameSchema, instantSchema, intervals } from "../common";
import { cursorSchema } from "../cursor";
import { whereSchema } from "../filters";
import { FormulaError, lettersOf, parseFormula, SERIES_LETTERS } from "./formula";

const MAX_POINTS = 5_000;
const INTERVAL_HOURS = { hour: 1, day: 24, week: 168, month: 720 } as const;

/**
 * What a series measures per bucket: events (`count`), distinct persons (`persons`), or events
 * per person who did it (`per_person`: count ÷ persons, null where nobody did).
 */
export const trendMeasures = ["count", "persons", "per_person"] as const;
export type TrendMeasure = (typeof trendMeasures)[number];

export const trendSeriesSchema = z.strictObject({
  event: eventNameSchema,
  measure: z.enum(trendMeasures).default("count"),
  where: whereSchema.optional(),
});

/** DESIGN §5.3 and §6. Series are named A, B, C… in order; `formula` combines them. */
const trendFields = {
  series: z.array(trendSeriesSchema).min(1).max(SERIES_LETTERS.length),
  interval: z.enum(intervals).default("day"),
  from: instantSchema,
  to: instantSchema,
  /** An extra series computed from the others per point, e.g. "B / A". */
  formula: z.string().min(1).max(200).optional(),
  breakdown: breakdownSchema.optional(),
  /** Also the same series over the period just before [from, to), of the same length. */
  compare: z.boolean().optional(),
};

type TrendShape = {
  series: unknown[];
  interval: keyof typeof INTERVAL_HOURS;
  from: string;
  to: string;
  formula?: string;
};

function checkTrend(p: TrendShape, ctx: z.RefinementCtx): void {
  if (p.from >= p.to) {
    ctx.addIssue({ code: "custom", message: "must be after from", path: ["to"] });
    return;
  }
  if ((Date.parse(p.to) - Date.parse(p.from)) / 3_600_000 / INTERVAL_HOURS[p.interval] > MAX_POINTS) {
    ctx.addIssue({
      code: "custom",
      message: `too many points: use a coarser interval (at most ${MAX_POINTS} per series)`,
      path: ["interval"],
    });
  }
  if (p.formula === undefined) return;
  try {
    const letters = SERIES_LETTERS.slice(0, p.series.length);
    const missing = lettersOf(parseFormula(p.formula)).filter((letter) => !letters.includes(letter));
    if (missing.length > 0) {
      const names = missing.join(", ");
      ctx.addIssue({
        code: "custom",
        message: `names ${names}, but there ${p.series.length === 1 ? "is only series A" : `are only series A–${letters.at(-1)}`}`,
        path: ["formula"],
      });
    }
  } catch (error) {
    if (!(error instanceof FormulaError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message, path: ["formula"] });
  }
}

export const trendParamsSchema = z.strictObject({ kind: z.literal("trend"), ...trendFields }).superRefine(checkTrend);

/**
 * The persons behind one point of a series: those who did its event (with its filters) in the
 * bucket starting at `bucket` (within [from, to)), with how many times. Their number is the
 * point's `persons`; their events add up to its `count`.
 */
export const trendPersonsParamsSchema = z
  .strictObject({
    kind: z.literal("trend_persons"),
    ...trendFields,
    /** The series, 0-based (A is 0). */
    seriesIndex: z
      .number()
      .int()
      .min(0)
      .max(SERIES_LETTERS.length - 1),
    /** The point: its bucket's start, as the trend result gives it. */
    bucket: instantSchema,
    /** Only the persons of this breakdown value (null: events without one; "$other": outside the top N). */
    breakdownValue: z.string().max(1_000).nullable().optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: cursorSchema(z.tuple([z.number()])).optional(),
  })
  .superRefine((p, ctx) => {
    checkTrend(p, ctx);
    if (p.seriesIndex >= p.series.length) {
      ctx.addIssue({ code: "custom", message: `there are ${p.series.length} series`, path: ["seriesIndex"] });
    }
  });

export type TrendParams = z.infer<typeof trendParamsSchema>;
export type TrendPersonsParams = z.infer<typeof trendPersonsParamsSchema>;
export type TrendSeriesParams = z.infer<typeof trendSeriesSchema>;
