import { describe, expect, it } from "vitest";
import type { TrendResult } from "@/lib/analytics/trend/result";
import { ANOMALY_SERIES, toTrendChartOption } from "./trend-chart-option";

const points = (values: (number | null)[]) => values.map((value, i) => ({ t: `2026-11-0${i + 1}T00:00:00Z`, value }));
const result: TrendResult = {
  interval: "day",
  from: "2026-11-01T00:00:00Z",
  to: "2026-11-04T00:00:00Z",
  series: [
    { key: "A", event: "view", measure: "count", points: points([3, 3, 2]), total: 8 },
    { key: "B", event: "buy", measure: "count", points: points([1, 1, 0]), total: 2 },
  ],
  formula: { expression: "B / A", series: [{ points: points([1 / 3, 1 / 3, 0]) }] },
  compare: {
    from: "2026-10-29T00:00:00Z",
    to: "2026-11-01T00:00:00Z",
    series: [{ key: "A", event: "view", measure: "count", points: points([0, 1, 2]), total: 3 }],
  },
  deploys: [
    {
      id: 1,
      timestamp: "2026-11-02T10:00:00Z",
      service: "web",
      version: "1.2.0",
      environment: "production",
      commit: null,
      description: null,
      url: null,
    },
  ],
  meta: {
    timeZone: "UTC",
    from: "2026-11-01T00:00:00Z",
    to: "2026-11-04T00:00:00Z",
    lastReceivedAt: null,
    computedAt: "",
    identity: "",
  },
};
type Series = { name: string; yAxisIndex?: number; data: unknown[]; lineStyle?: { type?: string } };

describe("trend chart", () => {
  it("draws the series first, the formula on its own axis, the previous period dashed over this one, then deploys", () => {
    const series = toTrendChartOption(result).series as Series[];
    expect(series.map((s) => s.name)).toEqual([
      "A · view (events)",
      "B · buy (events)",
      "= B / A",
      "A · view (events) (previous period)",
      "Deploys",
    ]);
    expect(series[2]?.yAxisIndex).toBe(1);
    expect(series[3]?.lineStyle?.type).toBe("dashed");
    expect(series[3]?.data).toEqual([
      ["2026-11-01T00:00:00Z", 0],
      ["2026-11-02T00:00:00Z", 1],
      ["2026-11-03T00:00:00Z", 2],
    ]);
  });

  it("rings the flagged points of a series", () => {
    const series = toTrendChartOption(result, [
      {
        key: "A",
        points: [
          { t: "2026-11-02T00:00:00Z", anomaly: false, expected: 3, direction: null },
          { t: "2026-11-03T00:00:00Z", anomaly: true, expected: 9, direction: "drop" },
        ],
      },
    ]).series as Series[];
    const flags = series.find((s) => s.name === ANOMALY_SERIES);
    expect(flags?.data).toMatchObject([{ value: ["2026-11-03T00:00:00Z", 2], direction: "drop" }]);
  });
});
