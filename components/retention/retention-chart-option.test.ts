import { describe, expect, it } from "vitest";
import type { RetentionResult } from "@/lib/analytics/retention/result";
import { ALL_COHORTS, toRetentionCurveOption } from "./retention-chart-option";

const point = (rate: number | null) => ({ rate, retained: 1, of: 2, cohorts: 1 });
const result = {
  period: "week",
  periods: 2,
  cohorts: [],
  average: [point(1), point(0.25), point(null)],
  breakdown: {
    property: "os",
    values: [
      { value: "iOS", other: false, size: 2, cohorts: [], average: [point(1), point(0.5), point(null)] },
      { value: null, other: true, size: 2, cohorts: [], average: [point(1), point(0), point(null)] },
    ],
  },
  deploys: [],
  meta: {} as RetentionResult["meta"],
} as RetentionResult;

describe("retention curves", () => {
  it("draws the average and a curve per breakdown value, in percent, gaps where no cohort got there", () => {
    const option = toRetentionCurveOption(result, "persons") as {
      series: { name: string; data: (number | null)[] }[];
      xAxis: { data: string[] };
    };
    expect(option.xAxis.data).toEqual(["Week 0", "Week 1", "Week 2"]);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      [ALL_COHORTS, [100, 25, null]],
      ["iOS", [100, 50, null]],
      ["other", [100, 0, null]],
    ]);
  });
});
