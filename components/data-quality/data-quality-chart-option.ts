import { escapeHtml } from "@/components/charts/deploy-markers";
import type { EChartOption } from "@/components/charts/echart";
import { INDIGO, SERIES_COLORS } from "@/components/charts/palette";
import { formatDay, formatInstant, formatInteger } from "@/components/ui/format";
import type { DailyQuality } from "@/lib/analytics/data-quality/result";

/** The classes' colours, shared by the chart, the cards and the tables. */
export const QUALITY_COLORS = {
  accepted: INDIGO,
  altered: SERIES_COLORS[2] as string,
  rejected: SERIES_COLORS[3] as string,
  duplicates: SERIES_COLORS[10] as string,
};

const SERIES = [
  { key: "accepted", name: "Accepted", stack: "stored", axis: 0, note: "stored, by event time" },
  { key: "rejected", name: "Rejected", stack: "issues", axis: 1, note: "not stored, by receipt" },
  { key: "altered", name: "Altered", stack: "issues", axis: 1, note: "stored, not as sent" },
  { key: "duplicates", name: "Duplicates dropped", stack: "issues", axis: 1, note: "by receipt" },
] as const;

const dayLabel = (day: string) => formatDay(`${day}T00:00:00Z`, "UTC");
const axisLabel = (day: string) => formatInstant(`${day}T00:00:00Z`, "UTC", false);

/**
 * Per UTC day: accepted events (left axis) beside the day's issues stacked by class (right axis:
 * issues are usually a sliver of the volume, and would vanish on its scale).
 */
export function toDataQualityChartOption(daily: DailyQuality[]): EChartOption {
  const axis = (name: string) => ({
    type: "value",
    name,
    minInterval: 1,
    nameTextStyle: { color: "#64748b", fontSize: 11 },
    splitLine: { lineStyle: { color: "#f1f5f9" } },
  });
  return {
    animationDuration: 300,
    grid: { left: 56, right: 56, top: 36, bottom: 56 },
    legend: { bottom: 0, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: { dataIndex: number }[]) => {
        const day = daily[params[0]?.dataIndex ?? 0];
        if (!day) return "";
        const lines = SERIES.map(
          (s) =>
            `<br/><span style="color:${QUALITY_COLORS[s.key]}">●</span> ${s.name}: <b>${formatInteger(day[s.key])}</b>` +
            ` <span style="color:#64748b">(${s.note})</span>`,
        );
        return `<div style="font-size:12px"><b>${escapeHtml(dayLabel(day.day))} (UTC)</b>${lines.join("")}</div>`;
      },
    },
    xAxis: { type: "category", data: daily.map((d) => axisLabel(d.day)), axisLabel: { hideOverlap: true } },
    yAxis: [axis("events"), { ...axis("issues"), splitLine: { show: false } }],
    series: SERIES.map((s) => ({
      name: s.name,
      type: "bar",
      stack: s.stack,
      yAxisIndex: s.axis,
      itemStyle: { color: QUALITY_COLORS[s.key] },
      barMaxWidth: 28,
      data: daily.map((d) => d[s.key]),
    })),
  };
}
