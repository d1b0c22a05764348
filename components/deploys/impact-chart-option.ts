import { escapeHtml, withDeployMarkers } from "@/components/charts/deploy-markers";
import type { EChartOption } from "@/components/charts/echart";
import { INDIGO } from "@/components/charts/palette";
import { formatInstant } from "@/components/ui/format";
import type { AnomaliesResult } from "@/lib/analytics/anomalies/result";

type AxisPoint = { dataIndex: number };

/**
 * A change before and after its deploy: the hourly value, the expected value (the same hour of
 * previous weeks, dashed) inside its band, the judged window shaded, deploy markers, and the
 * hours flagged as anomalies ringed in red.
 */
export function toImpactChartOption(result: AnomaliesResult, window: { from: string; to: string }): EChartOption {
  const points = result.series[0]?.points ?? [];
  const { timeZone, from, to } = result.meta;
  const lower = points.map((p) => [p.t, p.lower]);
  const band = points.map((p) => [p.t, p.upper !== null && p.lower !== null ? p.upper - p.lower : null]);
  const option: EChartOption = {
    animationDuration: 300,
    grid: { left: 48, right: 16, top: 28, bottom: 56 },
    legend: { bottom: 0, data: ["Observed", "Expected", "Usual range"], textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: "axis",
      formatter: (params: AxisPoint[]) => {
        const p = points[params[0]?.dataIndex ?? 0];
        if (!p) return "";
        const fmt = (v: number | null) => (v === null ? "—" : Math.round(v).toLocaleString("en"));
        return (
          `<div style="font-size:12px"><b>${escapeHtml(formatInstant(p.t, timeZone))}</b>` +
          `<br/>Observed: <b>${fmt(p.value)}</b><br/>Expected: ${fmt(p.expected)} (usual ${fmt(p.lower)}–${fmt(p.upper)})` +
          (p.history === "insufficient" ? "<br/><i>not enough history</i>" : "") +
          (p.anomaly
            ? `<br/><b style="color:#dc2626">${p.direction === "drop" ? "▼ unusual drop" : "▲ unusual rise"}</b>`
            : "") +
          `</div>`
        );
      },
    },
    xAxis: {
      type: "time",
      axisLabel: { hideOverlap: true, formatter: (v: number) => formatInstant(new Date(v).toISOString(), timeZone) },
    },
    yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#f1f5f9" } } },
    series: [
      {
        name: "band-base",
        type: "line",
        stack: "band",
        data: lower,
        lineStyle: { opacity: 0 },
        symbol: "none",
        silent: true,
        tooltip: { show: false },
      },
      {
        name: "Usual range",
        type: "line",
        stack: "band",
        data: band,
        symbol: "none",
        lineStyle: { opacity: 0 },
        areaStyle: { color: "rgba(148,163,184,0.25)" },
        itemStyle: { color: "#cbd5e1" },
        silent: true,
      },
      {
        name: "Expected",
        type: "line",
        data: points.map((p) => [p.t, p.expected]),
        symbol: "none",
        itemStyle: { color: "#64748b" },
        lineStyle: { type: "dashed", width: 1.5 },
      },
      {
        name: "Observed",
        type: "line",
        data: points.map((p) => [p.t, p.value]),
        showSymbol: false,
        itemStyle: { color: INDIGO },
        lineStyle: { width: 2 },
        markArea: {
          silent: true,
          itemStyle: { color: "rgba(245,158,11,0.08)" },
          data: [[{ xAxis: window.from }, { xAxis: window.to }]],
        },
      },
      {
        name: "Anomalies",
        type: "scatter",
        symbolSize: 12,
        itemStyle: { color: "rgba(239,68,68,0.15)", borderColor: "#ef4444", borderWidth: 2 },
        data: points.filter((p) => p.anomaly).map((p) => [p.t, p.value]),
        tooltip: { show: false },
      },
    ],
  };
  return withDeployMarkers(option, result.deploys, { from, to, timeZone });
}
