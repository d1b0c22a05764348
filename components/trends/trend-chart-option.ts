import { deploysBetween, deployTooltipHtml, escapeHtml, withDeployMarkers } from "@/components/charts/deploy-markers";
import type { EChartOption } from "@/components/charts/echart";
import { SERIES_COLORS } from "@/components/charts/palette";
import { formatInstant } from "@/components/ui/format";
import type { TrendResult, TrendSeries } from "@/lib/analytics/trend/result";
import { formatTrendValue, seriesLabel } from "./trend-labels";

/** The anomaly flags of one series, as the `anomalies` kind gives them (lib/analytics/anomalies). */
export type SeriesFlags = {
  key: string;
  breakdownValue?: string | null;
  points: {
    t: string;
    anomaly: boolean;
    expected: number | null;
    direction: "drop" | "spike" | null;
    late?: boolean;
  }[];
};

export const ANOMALY_SERIES = "Anomalies";
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
    return f.points
      .filter((p) => p.anomaly)
      .map((p) => ({
        value: [p.t, s?.points.find((q) => q.t === p.t)?.value ?? null],
        direction: p.direction,
        expected: p.expected,
        label: s ? seriesLabel(s) : f.key,
      }));
  });
  if (flagged.length > 0) {
    series.push({
      name: ANOMALY_SERIES,
      type: "scatter",
      symbol: "circle",
      symbolSize: 14,
      z: 4,
      itemStyle: { color: "rgba(239,68,68,0.15)", borderColor: "#ef4444", borderWidth: 2 },
      tooltip: {
        trigger: "item",
        formatter: (p: { data: (typeof flagged)[number] }) =>
          `<div style="font-size:12px"><b style="color:#dc2626">${p.data.direction === "drop" ? "▼ unusual drop" : "▲ unusual rise"}</b>` +
          `<br/>${escapeHtml(p.data.label)}<br/>${escapeHtml(formatInstant(p.data.value[0] as string, timeZone, withTime))}: ` +
          `<b>${formatTrendValue(p.data.value[1] as number | null)}</b>, expected about ${formatTrendValue(p.data.expected === null ? null : Math.round(p.data.expected * 100) / 100)}</div>`,
      },
      data: flagged,
    });
  }
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
