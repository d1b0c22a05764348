import { ANOMALY_SERIES, anomalyRings, flaggedPoints, type SeriesFlags } from "@/components/charts/anomaly-rings";
import { deploysBetween, deployTooltipHtml, escapeHtml, withDeployMarkers } from "@/components/charts/deploy-markers";
import type { EChartOption } from "@/components/charts/echart";
import { SERIES_COLORS } from "@/components/charts/palette";
import { formatInstant } from "@/components/ui/format";
import type { TrendResult, TrendSeries } from "@/lib/analytics/trend/result";
import { formatTrendValue, seriesLabel } from "./trend-labels";

export { ANOMALY_SERIES, type SeriesFlags };

const COMPARE_SUFFIX = " (previous period)";
const sameSeries = (a: { key: string; breakdownValue?: string | null }, b: typeof a) =>
  a.key === b.key && (a.breakdownValue ?? undefined) === (b.breakdownValue ?? undefined);

type AxisPoint = { dataIndex: number; seriesIndex: number; seriesName: string; value: [string, number | null] };

/**
 * A trend as lines: one per series (and breakdown group), the formula on its own right-hand
 * axis, the previous period dashed and shifted onto this one (bucket i over bucket i), anomaly
 * flags as red rings, deploy markers on the time axis. A click on a series' point reaches the
 * view with the series' index in `result.series` (the series come first, in order).
 */
export function toTrendChartOption(result: TrendResult, flags: SeriesFlags[] = []): EChartOption {
  const { timeZone, from, to } = result.meta;
  const withTime = result.interval === "hour";
  const color = (i: number) => SERIES_COLORS[i % (SERIES_COLORS.length - 1)];
  const axis = result.series[0]?.points.map((p) => p.t) ?? [];
  const line = (s: TrendSeries, i: number) => ({
    name: seriesLabel(s),
    type: "line",
    showSymbol: axis.length <= 60,
    symbolSize: 5,
    cursor: "pointer",
    itemStyle: { color: color(i) },
    lineStyle: { width: 2 },
    emphasis: { focus: "series" },
    data: s.points.map((p) => [p.t, p.value]),
  });
  const series: Record<string, unknown>[] = result.series.map(line);
  result.formula?.series.forEach((f, i) => {
    series.push({
      name: `= ${result.formula?.expression}${f.breakdownValue === undefined ? "" : ` · ${f.breakdownValue ?? "(none)"}`}`,
      type: "line",
      yAxisIndex: 1,
      showSymbol: false,
      connectNulls: false,
      itemStyle: { color: color(result.series.length + i) },
      lineStyle: { width: 2, type: "dotted" },
      data: f.points.map((p) => [p.t, p.value]),
    });
  });
  result.compare?.series.forEach((s, i) => {
    series.push({
      ...line(s, i),
      name: `${seriesLabel(s)}${COMPARE_SUFFIX}`,
      showSymbol: false,
      cursor: "default",
      lineStyle: { width: 1.5, type: "dashed", opacity: 0.6 },
      itemStyle: { color: color(i), opacity: 0.6 },
      data: s.points.map((p, b) => [axis[b] ?? p.t, p.value]),
    });
  });
  const flagged = flags.flatMap((f) => {
    const s = result.series.find((x) => sameSeries(x, f));
    return flaggedPoints(s?.points ?? [], f, s ? seriesLabel(s) : f.key);
  });
  const rings = anomalyRings(flagged, timeZone, withTime);
  if (rings) series.push(rings);
  const option: EChartOption = {
    animationDuration: 300,
    grid: { left: 56, right: result.formula ? 56 : 16, top: 28, bottom: 64 },
    legend: { type: "scroll", bottom: 0, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: "axis",
      formatter: (params: AxisPoint[]) => {
        const index = params[0]?.dataIndex ?? 0;
        const t = axis[index];
        if (!t) return "";
        const rows = params
          .filter((p) => p.seriesName !== ANOMALY_SERIES)
          .map((p) => `${escapeHtml(p.seriesName)}: <b>${formatTrendValue(p.value[1])}</b>`)
          .join("<br/>");
        const deploys = deploysBetween(result.deploys, t, axis[index + 1] ?? to);
        return `<div style="font-size:12px"><b>${escapeHtml(formatInstant(t, timeZone, withTime))}</b><br/>${rows}${deployTooltipHtml(deploys, timeZone)}</div>`;
      },
    },
    xAxis: {
      type: "time",
      axisLabel: {
        hideOverlap: true,
        formatter: (value: number) => formatInstant(new Date(value).toISOString(), timeZone, withTime),
      },
    },
    yAxis: [
      { type: "value", splitLine: { lineStyle: { color: "#f1f5f9" } } },
      ...(result.formula ? [{ type: "value", name: result.formula.expression, splitLine: { show: false } }] : []),
    ],
    series,
  };
  return withDeployMarkers(option, result.deploys, { from, to, timeZone });
}
