import { z } from "zod";
import { instantSchema } from "../common";
import { checkFunnel, funnelFields } from "../funnel/params";
import { trendSeriesSchema } from "../trend/params";

/** How many previous weeks give a slot its baseline: 8 by default; at least `minHistory` of them must have data. */
export const baselineWeeks = z.number().int().min(3).max(12).default(8);

const { steps, window, order, exclusions, unit } = funnelFields;

/**
 * DESIGN §5.4 and §6: `series` (events, as a trend names them) or `funnel` (the conversion
 * between its consecutive required steps, by entry day), each slot of [from, to) judged against
 * the same slot in previous weeks.
 */
export const anomaliesParamsSchema = z
  .strictObject({
    kind: z.literal("anomalies"),
    series: z.array(trendSeriesSchema).min(1).max(10).optional(),
    funnel: z.strictObject({ steps, window, order, exclusions, unit }).optional(),
    interval: z.enum(["hour", "day"]).default("day"),
    from: instantSchema,
    to: instantSchema,
    weeks: baselineWeeks,
  })
  .superRefine((p, ctx) => {
    if (p.from >= p.to) ctx.addIssue({ code: "custom", message: "must be after from", path: ["to"] });
    else if (Date.parse(p.to) - Date.parse(p.from) > (p.interval === "hour" ? 31 : 366) * 86_400_000) {
      ctx.addIssue({
        code: "custom",
        message: `the range may be at most ${p.interval === "hour" ? "31 days long with hours" : "366 days long"}`,
        path: ["to"],
      });
    }
    if ((p.series === undefined) === (p.funnel === undefined)) {
      ctx.addIssue({ code: "custom", message: "give either series or funnel", path: ["series"] });
    }
    if (p.funnel) {
      if (p.interval !== "day") {
        ctx.addIssue({ code: "custom", message: "funnel conversion is judged by entry day", path: ["interval"] });
      }
      // The funnel's own rules, their fields under `funnel`.
      const inFunnel = {
        addIssue: (issue: { code: "custom"; message: string; path?: PropertyKey[] }) =>
          ctx.addIssue({ ...issue, path: ["funnel", ...(issue.path ?? [])] }),
      };
      checkFunnel({ ...p.funnel, from: p.from, to: p.to }, inFunnel as unknown as z.RefinementCtx);
    }
  });

export type AnomaliesParams = z.infer<typeof anomaliesParamsSchema>;
