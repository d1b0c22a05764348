import { describe, expect, it } from "vitest";
import { INDIGO } from "@/components/charts/palette";
import { toDataQualityChartOption } from "./data-quality-chart-option";
import { dataQualityAnchor, dataQualityQuery } from "./data-quality-queries";

const daily = [
  { day: "2026-03-29", accepted: 5, rejected: 2, altered: 2, duplicates: 0 },
  { day: "2026-03-30", accepted: 5, rejected: 0, altered: 3, duplicates: 1 },
];

describe("toDataQualityChartOption", () => {
  const option = toDataQualityChartOption(daily) as {
    xAxis: { data: string[] };
    series: { name: string; stack: string; yAxisIndex: number; data: number[]; itemStyle: { color: string } }[];
    tooltip: { formatter: (p: { dataIndex: number }[]) => string };
  };

  it("draws accepted events beside the day's issues, stacked by class on their own axis", () => {
    expect(option.xAxis.data).toEqual(["Mar 29", "Mar 30"]);
    expect(option.series.map((s) => [s.name, s.stack, s.yAxisIndex, s.data])).toEqual([
      ["Accepted", "stored", 0, [5, 5]],
      ["Rejected", "issues", 1, [2, 0]],
      ["Altered", "issues", 1, [2, 3]],
      ["Duplicates dropped", "issues", 1, [0, 1]],
    ]);
    expect(option.series[0]?.itemStyle.color).toBe(INDIGO);
  });

  it("names the day and every count in its tooltip", () => {
    const html = option.tooltip.formatter([{ dataIndex: 1 }]);
    expect(html).toContain("Mon, Mar 30, 2026 (UTC)");
    expect(html).toContain("Altered: <b>3</b>");
    expect(html).toContain("Duplicates dropped: <b>1</b>");
    expect(option.tooltip.formatter([{ dataIndex: 9 }])).toBe("");
  });
});

describe("dataQualityQuery", () => {
  it("asks for the last N whole UTC days, today included", () => {
    const anchor = dataQualityAnchor(new Date("2026-03-30T00:00:00Z"));
    expect(anchor).toBe("2026-03-31T00:00:00.000Z");
    expect(dataQualityAnchor(new Date("2026-03-30T23:59:59Z"))).toBe(anchor);
    expect(dataQualityQuery({ range: "7d" }, anchor)).toEqual({
      kind: "data_quality",
      from: "2026-03-24T00:00:00.000Z",
      to: anchor,
    });
  });
});
