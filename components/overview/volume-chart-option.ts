import { anomalyRings, flaggedPoints, type SeriesFlags } from "@/components/charts/anomaly-rings";
import { deploysBetween, deployTooltipHtml, escapeHtml, withDeployMarkers } from "@/components/charts/deploy-markers";
import type { EChartOption } from "@/components/charts/echart";
import { INDIGO } from "@/components/charts/palette";
import { formatInstant, formatInteger } from "@/components/ui/format";
import type { TrendResult } from "@/lib/analytics/trend/result";

type AxisPoint = { dataIndex: number; seriesIndex: number };

/** Event volume over time, with deploy markers on the time axis and deploys in the tooltip, anomalies ringed. */
export function toVolumeChartOption(trend: TrendResult, flags?: SeriesFlags): EChartOption {
  const points = trend.series[0]?.points ?? [];
  const { timeZone, from, to } = trend.meta;
  const withTime = trend.interval === "hour";
  const option: EChartOption = {
    animationDuration: 300,
    grid: { left: 48, right: 16, top: 28, bottom: 32 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: trend.interval === "hour" ? "line" : "shadow" },
      formatter: (params: AxisPoint[]) => {
        const index = params.find((p) => p.seriesIndex === 0)?.dataIndex ?? 0;
        const point = points[index];
        if (!point) return "";
        const end = points[index + 1]?.t ?? to;
        return (
          `<div style="font-size:12px"><b>${escapeHtml(formatInstant(point.t, timeZone, withTime))}</b>` +
          `<br/>Events: <b>${formatInteger(point.value ?? 0)}</b>` +
          deployTooltipHtml(deploysBetween(trend.deploys, point.t, end), timeZone) +
          `</div>`
        );
      },
    },
    xAxis: {
      type: "time",
      axisLabel: {
        hideOverlap: true,
        formatter: (value: number) => formatInstant(new Date(value).toISOString(), timeZone, withTime),
      },
    },
    yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#f1f5f9" } } },
    series: [
      {
        name: "Events",
        type: trend.interval === "hour" ? "line" : "bar",
        showSymbol: false,
        itemStyle: { color: INDIGO },
        areaStyle: trend.interval === "hour" ? { color: "rgba(99,102,241,0.08)" } : undefined,
        data: points.map((p) => [p.t, p.value]),
      },
      ...[anomalyRings(flaggedPoints(points, flags, "All events"), timeZone, withTime)].filter((r) => r !== null),
    ],
  };
  return withDeployMarkers(option, trend.deploys, { from, to, timeZone });
}
