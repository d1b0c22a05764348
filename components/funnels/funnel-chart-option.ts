import { escapeHtml, withDeployMarkers } from "@/components/charts/deploy-markers";
import type { EChartOption } from "@/components/charts/echart";
import { INDIGO, SERIES_COLORS } from "@/components/charts/palette";
import { breakdownLabel, formatDuration, formatInstant, formatInteger, formatPercent } from "@/components/ui/format";
import type { FunnelResult, FunnelStepResult } from "@/lib/analytics/funnel/result";

export const CONVERTED = "Converted";
export const DROPPED = "Dropped";

const stepName = (step: FunnelStepResult, i: number) => `${i + 1}. ${step.event}${step.optional ? " (optional)" : ""}`;

/**
 * The funnel: a bar per step (who reached it) with its conversion from step 1 on top, and above it
 * in a light shade who dropped since the step before. A click on either reaches `onClick` with
 * seriesName CONVERTED or DROPPED and the step's index.
 */
export function toFunnelChartOption(result: FunnelResult, unit: string): EChartOption {
  const { steps } = result;
  return {
    animationDuration: 300,
    grid: { left: 56, right: 16, top: 24, bottom: 56 },
    legend: { bottom: 0, data: [CONVERTED, DROPPED], textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: { dataIndex: number }[]) => {
        const i = params[0]?.dataIndex ?? 0;
        const step = steps[i];
        if (!step) return "";
        return (
          `<div style="font-size:12px"><b>${escapeHtml(stepName(step, i))}</b>` +
          `<br/>${formatInteger(step.count)} ${unit} · ${formatPercent(step.conversionFromStart)} of step 1` +
          (i > 0
            ? `<br/>${formatPercent(step.conversionFromPrevious)} of the step before · ${formatInteger(step.dropped)} dropped` +
              `<br/>median ${formatDuration(step.medianSecondsFromPrevious)} from the step before (p90 ${formatDuration(step.p90SecondsFromPrevious)})`
            : "") +
          `<br/><span style="color:#64748b">click a bar for who</span></div>`
        );
      },
    },
    xAxis: {
      type: "category",
      data: steps.map(stepName),
      axisLabel: { interval: 0, width: 120, overflow: "truncate" },
    },
    // Up to who entered: every column's stack (reached + dropped since the step before) is that tall.
    yAxis: { type: "value", minInterval: 1, max: "dataMax", splitLine: { lineStyle: { color: "#f1f5f9" } } },
    series: [
      {
        name: CONVERTED,
        type: "bar",
        stack: "funnel",
        cursor: "pointer",
        itemStyle: { color: INDIGO },
        label: {
          show: true,
          position: "insideTop",
          color: "#fff",
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => formatPercent(steps[p.dataIndex]?.conversionFromStart ?? null),
        },
        data: steps.map((s) => s.count),
      },
      {
        name: DROPPED,
        type: "bar",
        stack: "funnel",
        cursor: "pointer",
        itemStyle: { color: "#e0e7ff" },
        data: steps.map((s, i) => (i === 0 ? 0 : s.dropped)),
      },
    ],
  };
}

/** Conversion from step 1 to each step, a group of bars per step, a bar per breakdown value. */
export function toFunnelBreakdownOption(result: FunnelResult): EChartOption {
  const values = result.breakdown?.values ?? [];
  return {
    animationDuration: 300,
    grid: { left: 48, right: 16, top: 24, bottom: 64 },
    legend: { bottom: 0, type: "scroll", textStyle: { fontSize: 11 } },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: number) => formatPercent(v) },
    xAxis: {
      type: "category",
      data: result.steps.map(stepName),
      axisLabel: { interval: 0, width: 120, overflow: "truncate" },
    },
    yAxis: {
      type: "value",
      max: 1,
      axisLabel: { formatter: (v: number) => formatPercent(v) },
      splitLine: { lineStyle: { color: "#f1f5f9" } },
    },
    series: values.map((v, i) => ({
      name: breakdownLabel(v),
      type: "bar",
      cursor: "pointer",
      itemStyle: { color: SERIES_COLORS[i % SERIES_COLORS.length] },
      data: v.steps.map((s) => s.conversionFromStart),
    })),
  };
}

/** Conversion (entry → last step) by entry period; periods still open dashed and said so; deploys marked. */
export function toConversionOverTimeOption(result: FunnelResult): EChartOption {
  const { points } = result.overTime;
  const { timeZone, from, to } = result.meta;
  const complete = points.map((p) => (p.incomplete ? null : [p.t, p.rate]));
  const open = points.map((p, i) => (p.incomplete || points[i + 1]?.incomplete ? [p.t, p.rate] : null));
  const option: EChartOption = {
    animationDuration: 300,
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    tooltip: {
      trigger: "axis",
      formatter: (params: { dataIndex: number; seriesIndex: number }[]) => {
        const point = points[params.find((p) => p.seriesIndex <= 1)?.dataIndex ?? 0];
        if (!point) return "";
        return (
          `<div style="font-size:12px"><b>${escapeHtml(formatInstant(point.t, timeZone, false))}</b>` +
          `<br/>${formatPercent(point.rate)} converted (${formatInteger(point.converted)} of ${formatInteger(point.entered)})` +
          (point.incomplete
            ? `<br/><span style="color:#b45309">incomplete: some entries' windows are still open</span>`
            : "") +
          `</div>`
        );
      },
    },
    xAxis: {
      type: "time",
      axisLabel: {
        hideOverlap: true,
        formatter: (v: number) => formatInstant(new Date(v).toISOString(), timeZone, false),
      },
    },
    yAxis: {
      type: "value",
      min: 0,
      axisLabel: { formatter: (v: number) => formatPercent(v) },
      splitLine: { lineStyle: { color: "#f1f5f9" } },
    },
    series: [
      {
        name: "Conversion",
        type: "line",
        showSymbol: true,
        symbolSize: 5,
        itemStyle: { color: INDIGO },
        data: complete,
        connectNulls: false,
      },
      {
        name: "Conversion (incomplete)",
        type: "line",
        showSymbol: true,
        symbolSize: 5,
        itemStyle: { color: "#a5b4fc" },
        lineStyle: { type: "dashed" },
        data: open,
      },
    ],
  };
  return withDeployMarkers(option, result.deploys, { from, to, timeZone });
}

/** Who converted how fast: first → last step, over the buckets the data spans. */
export function toTimeToConvertOption(result: FunnelResult): EChartOption {
  const { buckets } = result.timeToConvert;
  return {
    animationDuration: 300,
    grid: { left: 48, right: 16, top: 16, bottom: 40 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: {
      type: "category",
      data: buckets.map((b) => `${formatDuration(b.fromSeconds)}–${formatDuration(b.toSeconds)}`),
      axisLabel: { interval: 0, rotate: 30, fontSize: 10 },
    },
    yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#f1f5f9" } } },
    series: [{ name: "Converted", type: "bar", itemStyle: { color: "#10b981" }, data: buckets.map((b) => b.count) }],
  };
}
