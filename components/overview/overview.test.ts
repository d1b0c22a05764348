import { describe, expect, it } from "vitest";
import type { TrendResult } from "@/lib/analytics/trend/result";
import { overviewAnchor, overviewQueries } from "./overview-queries";
import { toVolumeChartOption } from "./volume-chart-option";

describe("overviewQueries", () => {
  it("ends on the next whole hour and picks the interval from the range", () => {
    const anchor = overviewAnchor(new Date("2026-11-22T10:15:00Z"));
    expect(anchor).toBe("2026-11-22T11:00:00.000Z");
    const q = overviewQueries({ range: "7d", interval: null }, anchor);
    expect(q.trend).toMatchObject({ interval: "hour", from: "2026-11-15T11:00:00.000Z", to: anchor });
    expect(q.topEvents).toMatchObject({ from: "2026-11-15T11:00:00.000Z", to: anchor, limit: 10, persons: false });
    expect(q.topEventPersons).toEqual({ ...q.topEvents, persons: true });
    expect(overviewQueries({ range: "90d", interval: "week" }, anchor).trend.interval).toBe("week");
    expect(overviewQueries({ range: "30d", interval: null }, anchor).trend.interval).toBe("day");
  });
});

const trend: TrendResult = {
  interval: "day",
  from: "2026-11-20T00:00:00Z",
  to: "2026-11-22T00:00:00Z",
  series: [
    {
      key: "A",
      event: "$any",
      measure: "count",
      total: 14,
      points: [
        { t: "2026-11-20T00:00:00Z", value: 10 },
        { t: "2026-11-21T00:00:00Z", value: 4 },
      ],
    },
  ],
  deploys: [
    {
      id: 1,
      timestamp: "2026-11-21T09:30:00.000Z",
      service: "web",
      version: "2.14.0",
      environment: "production",
      commit: "abcdef1234567",
      description: "<script>alert(1)</script>",
      url: null,
    },
  ],
  meta: {
    timeZone: "UTC",
    from: "2026-11-20T00:00:00Z",
    to: "2026-11-22T00:00:00Z",
    lastReceivedAt: null,
    computedAt: "2026-11-22T00:00:00Z",
    identity: "",
  },
};

describe("toVolumeChartOption", () => {
  const option = toVolumeChartOption(trend) as {
    series: { name: string; type: string; data: unknown[] }[];
    tooltip: { formatter: (p: { dataIndex: number; seriesIndex: number }[]) => string };
  };

  it("draws a bar per day, and the deploys as markers of their own", () => {
    expect(option.series[0]?.type).toBe("bar");
    expect(option.series[0]?.data).toEqual([
      ["2026-11-20T00:00:00Z", 10],
      ["2026-11-21T00:00:00Z", 4],
    ]);
    expect(option.series[1]).toMatchObject({ name: "Deploys", data: [{ value: ["2026-11-21T09:30:00.000Z", 1] }] });
  });

  it("lists the deploys of a bucket in its tooltip, escaped", () => {
    expect(option.tooltip.formatter([{ dataIndex: 0, seriesIndex: 0 }])).not.toContain("deploy");
    // The markers' series may come first in the axis tooltip's list: the bars' point is the one used.
    const html = option.tooltip.formatter([
      { dataIndex: 0, seriesIndex: 1 },
      { dataIndex: 1, seriesIndex: 0 },
    ]);
    expect(html).toContain("Events: <b>4</b>");
    expect(html).toContain("web@2.14.0");
    expect(html).toContain("abcdef1234");
    expect(html).toContain("&#60;script&#62;");
    expect(html).not.toContain("<script>");
  });
});
