import { deploysBetween, deployTooltipHtml, escapeHtml, withDeployMarkers } from "@/components/charts/deploy-markers";
import type { EChartOption } from "@/components/charts/echart";
import { INDIGO } from "@/components/charts/palette";
import { formatInstant, formatInteger } from "@/components/ui/format";
import type { AccountActivity } from "@/lib/accounts/get-account-activity";

type AxisPoint = { dataIndex: number; seriesIndex: number };

/** An account's activity: events (bars) and active members (line, right axis), deploys marked. */
export function toAccountActivityChartOption(activity: AccountActivity): EChartOption {
  const { points } = activity;
  const { timeZone, from, to } = activity.meta;
  const withTime = activity.interval === "hour";
  const option: EChartOption = {
    animationDuration: 300,
    grid: { left: 48, right: 48, top: 28, bottom: 56 },
    legend: { bottom: 0, data: ["Events", "Active members"], textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: "axis",
      formatter: (params: AxisPoint[]) => {
        const index = params.find((p) => p.seriesIndex <= 1)?.dataIndex ?? 0;
        const point = points[index];
        if (!point) return "";
        const end = points[index + 1]?.t ?? to;
        return (
          `<div style="font-size:12px"><b>${escapeHtml(formatInstant(point.t, timeZone, withTime))}</b>` +
          `<br/>Events: <b>${formatInteger(point.events)}</b><br/>Active members: <b>${formatInteger(point.activeMembers)}</b>` +
          deployTooltipHtml(deploysBetween(activity.deploys, point.t, end), timeZone) +
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
    yAxis: [
      { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#f1f5f9" } } },
      { type: "value", minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: "Events", type: "bar", itemStyle: { color: INDIGO }, data: points.map((p) => [p.t, p.events]) },
      {
        name: "Active members",
        type: "line",
        yAxisIndex: 1,
        showSymbol: false,
        itemStyle: { color: "#10b981" },
        data: points.map((p) => [p.t, p.activeMembers]),
      },
    ],
  };
  return withDeployMarkers(option, activity.deploys, { from, to, timeZone });
}
