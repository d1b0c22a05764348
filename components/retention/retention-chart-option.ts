import { escapeHtml } from "@/components/charts/deploy-markers";
import type { EChartOption } from "@/components/charts/echart";
import { SERIES_COLORS } from "@/components/charts/palette";
import { breakdownLabel, formatInteger, formatPercent } from "@/components/ui/format";
import type { AveragePoint, RetentionResult } from "@/lib/analytics/retention/result";

export const ALL_COHORTS = "All cohorts";

const periodName = (period: RetentionResult["period"]) => period[0]?.toUpperCase() + period.slice(1);
export const periodLabel = (period: RetentionResult["period"], k: number) => `${periodName(period)} ${k}`;

/**
 * The average retention curve (cohort-size weighted, complete periods only), and with a
 * breakdown one curve per value beside it. A period no cohort has reached yet is a gap.
 */
export function toRetentionCurveOption(result: RetentionResult, unit: string): EChartOption {
  const curves: { name: string; points: AveragePoint[] }[] = [
    { name: ALL_COHORTS, points: result.average },
    ...(result.breakdown?.values.map((v) => ({ name: breakdownLabel(v), points: v.average })) ?? []),
  ];
  return {
    animationDuration: 300,
    color: SERIES_COLORS,
    grid: { left: 48, right: 16, top: 16, bottom: curves.length > 1 ? 56 : 32 },
    legend: curves.length > 1 ? { bottom: 0, textStyle: { fontSize: 11 } } : undefined,
    tooltip: {
      trigger: "axis",
      formatter: (params: { seriesIndex: number; dataIndex: number }[]) => {
        const k = params[0]?.dataIndex ?? 0;
        const lines = params.map(({ seriesIndex }) => {
          const curve = curves[seriesIndex];
          const point = curve?.points[k];
          if (!curve || !point) return "";
          return `<br/>${escapeHtml(curve.name)}: <b>${formatPercent(point.rate)}</b> <span style="color:#64748b">(${formatInteger(point.retained)} of ${formatInteger(point.of)} ${unit}, ${point.cohorts} cohorts)</span>`;
        });
        return `<div style="font-size:12px"><b>${periodLabel(result.period, k)}</b>${lines.join("")}</div>`;
      },
    },
    xAxis: {
      type: "category",
      boundaryGap: false,
      data: result.average.map((_, k) => periodLabel(result.period, k)),
    },
    yAxis: {
      type: "value",
      min: 0,
      max: 100,
      axisLabel: { formatter: "{value} %" },
      splitLine: { lineStyle: { color: "#f1f5f9" } },
    },
    series: curves.map((curve, i) => ({
      name: curve.name,
      type: "line",
      symbolSize: 5,
      lineStyle: { width: i === 0 ? 3 : 1.5 },
      data: curve.points.map((p) => (p.rate === null ? null : Math.round(p.rate * 1000) / 10)),
    })),
  };
}
