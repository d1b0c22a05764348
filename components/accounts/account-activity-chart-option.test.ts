import { describe, expect, it } from "vitest";
import type { AccountActivity } from "@/lib/accounts/get-account-activity";
import { toAccountActivityChartOption } from "./activity-chart-option";

const activity: AccountActivity = {
  interval: "day",
  points: [
    { t: "2026-05-01T00:00:00Z", events: 7, activeMembers: 2 },
    { t: "2026-05-02T00:00:00Z", events: 6, activeMembers: 1 },
  ],
  deploys: [
    {
      id: 3,
      timestamp: "2026-05-02T09:00:00.000Z",
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
    from: "2026-05-01T00:00:00Z",
    to: "2026-05-03T00:00:00Z",
    lastReceivedAt: null,
    computedAt: "2026-05-03T00:00:00Z",
  },
};

describe("toAccountActivityChartOption", () => {
  const option = toAccountActivityChartOption(activity) as {
    series: { name: string; data: unknown[]; yAxisIndex?: number }[];
    tooltip: { formatter: (p: { dataIndex: number; seriesIndex: number }[]) => string };
  };

  it("draws events as bars, active members on the right axis, and the deploys as markers", () => {
    expect(option.series.map((s) => s.name)).toEqual(["Events", "Active members", "Deploys"]);
    expect(option.series[0]?.data).toEqual([
      ["2026-05-01T00:00:00Z", 7],
      ["2026-05-02T00:00:00Z", 6],
    ]);
    expect(option.series[1]).toMatchObject({
      yAxisIndex: 1,
      data: [
        ["2026-05-01T00:00:00Z", 2],
        ["2026-05-02T00:00:00Z", 1],
      ],
    });
  });

  it("says a bucket's events, active members and deploys on hover", () => {
    const html = option.tooltip.formatter([{ dataIndex: 1, seriesIndex: 0 }]);
    expect(html).toContain("Events: <b>6</b>");
    expect(html).toContain("Active members: <b>1</b>");
    expect(html).toContain("web@1.2.0");
  });
});
