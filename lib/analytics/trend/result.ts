import type { Deploy } from "@/lib/deploys/deploys";
import { OTHER_VALUE } from "../breakdown";
import type { Interval, ResultMeta } from "../common";
import { evaluateFormula, type Formula, seriesLetter } from "./formula";
import type { TrendSeriesParams } from "./params";
import type { TrendRow } from "./query";

/** A point's value: null where it is undefined (events per person where nobody did it, a formula's division by 0). */
export type TrendPoint = { t: string; value: number | null };
export type TrendSeries = TrendSeriesParams & {
  /** The series' letter, as formulas name it (A is the first). */
  key: string;
  /** The breakdown group (null: events without a value; "$other": outside the top N); absent without a breakdown. */
  breakdownValue?: string | null;
  points: TrendPoint[];
  /** Events over the whole range, for `count` series (distinct persons do not add up over buckets). */
  total: number | null;
};
export type TrendFormulaSeries = { breakdownValue?: string | null; points: TrendPoint[] };
export type TrendFormulaResult = { expression: string; series: TrendFormulaSeries[] };
export type TrendPeriod = { from: string; to: string; series: TrendSeries[]; formula?: TrendFormulaResult };
export type TrendResult = TrendPeriod & {
  interval: Interval;
  /** The same series over the period just before (when asked with `compare`), bucket i facing bucket i. */
  compare?: TrendPeriod;
  deploys: Deploy[];
  meta: ResultMeta & { identity: string };
};

const measureOf = (row: TrendRow | undefined, measure: TrendSeriesParams["measure"]): number | null => {
  if (measure === "count") return row?.events ?? 0;
  if (measure === "persons") return row?.persons ?? 0;
  return row?.persons ? (row.events ?? 0) / row.persons : null;
};

/**
 * Rows → series: every bucket of the axis (zeros where nothing happened) for each series, and
 * with a breakdown for each group — the top values in their order, then "$other" when any event
 * of any series is outside the top — so every series has the same groups.
 */
export function toTrendPeriod(input: {
  from: string;
  to: string;
  buckets: string[];
  params: TrendSeriesParams[];
  rows: TrendRow[][];
  groups: (string | null)[] | null;
  formula: { expression: string; tree: Formula } | null;
}): TrendPeriod {
  const { buckets, params, rows } = input;
  const hasOther = rows.some((series) => series.some((row) => row.g === OTHER_VALUE));
  const groups = input.groups ? [...input.groups, ...(hasOther ? [OTHER_VALUE] : [])] : [undefined];
  const series: TrendSeries[] = [];
  params.forEach((p, i) => {
    const byKey = new Map((rows[i] ?? []).map((row) => [`${row.t}\u0000${row.g ?? ""}\u0000${row.g === null}`, row]));
    for (const group of groups) {
      const points = buckets.map((t) => ({
        t,
        value: measureOf(byKey.get(`${t}\u0000${group ?? ""}\u0000${group == null}`), p.measure),
      }));
      const total = p.measure === "count" ? points.reduce((sum, point) => sum + (point.value ?? 0), 0) : null;
      series.push({
        ...p,
        key: seriesLetter(i),
        ...(group === undefined ? {} : { breakdownValue: group }),
        points,
        total,
      });
    }
  });
  const result: TrendPeriod = { from: input.from, to: input.to, series };
  if (input.formula) {
    const { tree } = input.formula;
    result.formula = {
      expression: input.formula.expression,
      series: groups.map((group) => {
        const of = (letter: string) => series.find((s) => s.key === letter && s.breakdownValue === group);
        return {
          ...(group === undefined ? {} : { breakdownValue: group }),
          points: buckets.map((t, b) => ({
            t,
            value: evaluateFormula(tree, (letter) => of(letter)?.points[b]?.value ?? null),
          })),
        };
      }),
    };
  }
  return result;
}
