import { describe, expect, it } from "vitest";
import type { FunnelResult } from "@/lib/analytics/funnel/result";
import { CONVERTED, DROPPED, toConversionOverTimeOption, toFunnelChartOption } from "./funnel-chart-option";

const step = (event: string, count: number, dropped: number, fromStart: number) => ({
  event,
  optional: false,
  count,
  conversionFromStart: fromStart,
  conversionFromPrevious: fromStart,
  dropped,
  medianSecondsFromPrevious: 600,
  p90SecondsFromPrevious: 1800,
  medianSecondsFromStart: 600,
  p90SecondsFromStart: 1800,
});
const result: FunnelResult = {
  steps: [step("view", 10, 0, 1), step("buy", 4, 6, 0.4)],
  breakdown: null,
  overTime: {
    interval: "day",
    points: [
      { t: "2026-03-02T00:00:00Z", entered: 6, converted: 3, rate: 0.5, incomplete: false, reached: [] },
      { t: "2026-03-03T00:00:00Z", entered: 4, converted: 1, rate: 0.25, incomplete: true, reached: [] },
    ],
  },
  deploys: [],
  timeToConvert: { buckets: [], medianSeconds: 600 },
  meta: {
    timeZone: "UTC",
    from: "2026-03-02T00:00:00Z",
    to: "2026-03-04T00:00:00Z",
    lastReceivedAt: null,
    computedAt: "2026-03-04T00:00:00Z",
    unit: "persons",
    windowSeconds: 3600,
    order: "ordered",
    exclusions: 0,
    personsWithoutAccount: null,
    identity: "",
  },
};

describe("funnel charts", () => {
  it("stacks who reached each step and who dropped since the one before, up to who entered", () => {
    const option = toFunnelChartOption(result, "persons") as {
      series: { name: string; data: number[] }[];
      yAxis: { max: string };
      tooltip: { formatter: (p: { dataIndex: number }[]) => string };
    };
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      [CONVERTED, [10, 4]],
      [DROPPED, [0, 6]],
    ]);
    expect(option.yAxis.max).toBe("dataMax");
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toMatch(
      /4 persons · 40 % of step 1.*6 dropped.*median 10 min/s,
    );
  });

  it("draws open periods dashed, apart from the complete ones", () => {
    const option = toConversionOverTimeOption(result) as { series: { name: string; data: unknown[] }[] };
    expect(option.series[0]?.data).toEqual([["2026-03-02T00:00:00Z", 0.5], null]);
    expect(option.series[1]?.data).toEqual([
      ["2026-03-02T00:00:00Z", 0.5],
      ["2026-03-03T00:00:00Z", 0.25],
    ]);
  });
});
