import { describe, expect, it } from "vitest";
import type { AnomaliesResult } from "@/lib/analytics/anomalies/result";
import { toImpactChartOption } from "./impact-chart-option";

const point = (t: string, value: number, expected: number | null, anomaly = false) => ({
  t,
  value,
  expected,
  lower: expected === null ? null : expected - 2,
  upper: expected === null ? null : expected + 3,
  anomaly,
  direction: anomaly ? ("drop" as const) : null,
  pValue: 0.5,
  score: 0,
  history: expected === null ? ("insufficient" as const) : ("ok" as const),
  incomplete: false,
  late: false,
});

const result = {
  interval: "hour",
  series: [
    {
      key: "A",
      event: "add_to_cart",
      history: "ok",
      points: [
        point("2026-11-01T10:00:00Z", 10, 10),
        point("2026-11-01T11:00:00Z", 2, 10, true),
        point("2026-11-01T12:00:00Z", 4, null),
      ],
    },
  ],
  deploys: [],
  meta: {
    timeZone: "UTC",
    from: "2026-11-01T10:00:00Z",
    to: "2026-11-01T13:00:00Z",
    lastReceivedAt: null,
    computedAt: "",
  },
} as unknown as AnomaliesResult;

type Series = { name: string; data: unknown[]; markArea?: { data: unknown[] } };

describe("before/after chart", () => {
  it("stacks the usual range on its lower bound, dashes the expected value, rings the anomalies, shades the window", () => {
    const series = toImpactChartOption(result, { from: "2026-11-01T11:00:00Z", to: "2026-11-01T13:00:00Z" })
      .series as Series[];
    expect(series.map((s) => s.name)).toEqual(["band-base", "Usual range", "Expected", "Observed", "Anomalies"]);
    expect(series[0]?.data).toEqual([
      ["2026-11-01T10:00:00Z", 8],
      ["2026-11-01T11:00:00Z", 8],
      ["2026-11-01T12:00:00Z", null],
    ]);
    expect(series[1]?.data[0]).toEqual(["2026-11-01T10:00:00Z", 5]);
    expect(series[4]?.data).toEqual([["2026-11-01T11:00:00Z", 2]]);
    expect(series[3]?.markArea?.data).toEqual([[{ xAxis: "2026-11-01T11:00:00Z" }, { xAxis: "2026-11-01T13:00:00Z" }]]);
  });
});
