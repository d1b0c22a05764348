import { describe, expect, it } from "vitest";
import type { Deploy } from "@/lib/deploys/deploys";
import { clusterDeploys, DEPLOY_MARKER_TOP, DEPLOY_SERIES, withDeployMarkers } from "./deploy-markers";

const deploy = (id: number, timestamp: string, extra: Partial<Deploy> = {}): Deploy => ({
  id,
  timestamp,
  service: "web",
  version: `2.${id}.0`,
  environment: "production",
  commit: null,
  description: null,
  url: null,
  ...extra,
});

describe("clusterDeploys", () => {
  it("joins deploys closer than the gap to the one before, in time order", () => {
    const clusters = clusterDeploys(
      [
        deploy(3, "2026-11-03T12:00:00.000Z"),
        deploy(1, "2026-11-01T00:00:00.000Z"),
        deploy(2, "2026-11-01T00:30:00.000Z"),
        deploy(4, "2026-11-03T12:59:00.000Z"),
        deploy(5, "2026-11-03T13:58:00.000Z"), // 59 min after #4: chained into its cluster
      ],
      3_600_000,
    );
    expect(clusters.map((c) => [c.t, c.deploys.map((d) => d.id)])).toEqual([
      ["2026-11-01T00:00:00.000Z", [1, 2]],
      ["2026-11-03T12:00:00.000Z", [3, 4, 5]],
    ]);
  });
});

describe("withDeployMarkers", () => {
  const span = { from: "2026-09-01T00:00:00.000Z", to: "2026-11-30T00:00:00.000Z", timeZone: "Europe/Paris" };
  const base = { grid: { left: 48, top: 16 }, yAxis: { type: "value" }, series: [{ name: "Events", type: "bar" }] };
  // 90 days: a cluster gap of 90 d / 150 = 14.4 h.
  const deploys = [
    deploy(1, "2026-09-10T08:00:00.000Z", { commit: "abcdef1234567", description: "New <checkout>" }),
    deploy(2, "2026-09-10T15:00:00.000Z", { service: "api", environment: "staging" }),
    deploy(3, "2026-10-01T08:00:00.000Z"),
  ];
  type Marked = {
    grid: { top: number; left: number };
    yAxis: { show?: boolean; min?: number; max?: number }[];
    series: {
      name: string;
      yAxisIndex?: number;
      data: { value: [string, number]; deployIds: number[] }[];
      label: { formatter: (p: { dataIndex: number }) => string };
      labelLayout: { hideOverlap: boolean };
      tooltip: { formatter: (p: { dataIndex: number }) => string };
      markLine: { silent: boolean; label: { show: boolean }; data: { xAxis: string }[] };
    }[];
  };
  const option = withDeployMarkers(base, deploys, span) as unknown as Marked;
  const markers = option.series[1];

  it("adds one flag per cluster on a hidden axis of its own, and a line per deploy", () => {
    expect(option.series[0]).toEqual(base.series[0]);
    expect(option.yAxis).toEqual([{ type: "value" }, { type: "value", min: 0, max: 1, show: false }]);
    expect(option.grid).toEqual({ left: 48, top: DEPLOY_MARKER_TOP });
    expect(markers?.name).toBe(DEPLOY_SERIES);
    expect(markers?.yAxisIndex).toBe(1);
    expect(markers?.data).toEqual([
      { value: ["2026-09-10T08:00:00.000Z", 1], deployIds: [1, 2] },
      { value: ["2026-10-01T08:00:00.000Z", 1], deployIds: [3] },
    ]);
    expect(markers?.markLine.data.map((d) => d.xAxis)).toEqual(deploys.map((d) => d.timestamp));
  });

  it("labels horizontally where there is room, never across the plot", () => {
    expect(markers?.label.formatter({ dataIndex: 0 })).toBe("2 deploys");
    expect(markers?.label.formatter({ dataIndex: 1 })).toBe("web@2.3.0");
    expect(markers?.labelLayout.hideOverlap).toBe(true);
    expect(markers?.markLine).toMatchObject({ silent: true, label: { show: false } });
  });

  it("describes every deploy of a flag on hover, escaped, in the project's time zone", () => {
    const html = markers?.tooltip.formatter({ dataIndex: 0 }) ?? "";
    expect(html).toContain("web@2.1.0");
    expect(html).toContain("Sep 10, 10:00"); // 08:00 UTC in Paris (CEST)
    expect(html).toContain("abcdef1234");
    expect(html).toContain("New &#60;checkout&#62;");
    expect(html).toContain("api@2.2.0");
    expect(html).toContain("(staging)");
  });

  it("leaves a chart without deploys as it was", () => {
    expect(withDeployMarkers(base, [], span)).toBe(base);
  });
});
