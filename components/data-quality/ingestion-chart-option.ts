import type { EChartOption } from "@/components/charts/echart";
import { INDIGO, SERIES_COLORS } from "@/components/charts/palette";
import { formatInstant, formatInteger, formatRate } from "@/components/ui/format";
import type { IngestionMinute } from "@/lib/analytics/data-quality/ingestion-health";

const REFUSED = SERIES_COLORS[3] as string;
const P95 = SERIES_COLORS[2] as string;

/**
 * The last hour per minute: events stored per second (left axis, area) and the p95 answer time
 * (right axis, line), with refused requests as bars on the time axis; the current minute dashed.
 */
export function toIngestionChartOption(minutes: IngestionMinute[], timeZone: string): EChartOption {
  const label = (t: string) => formatInstant(t, timeZone).replace(/^.*, /, "");
  const axis = (name: string) => ({
    type: "value",
    name,
    nameTextStyle: { color: "#64748b", fontSize: 11 },
    splitLine: { lineStyle: { color: "#f1f5f9" } },
  });
  return {
    animationDuration: 300,
    grid: { left: 56, right: 56, top: 32, bottom: 48 },
    legend: { bottom: 0, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: "axis",
      formatter: (params: { dataIndex: number }[]) => {
        const m = minutes[params[0]?.dataIndex ?? 0];
        if (!m) return "";
        const line = (color: string, name: string, value: string) =>
          `<br/><span style="color:${color}">●</span> ${name}: <b>${value}</b>`;
        return (
          `<div style="font-size:12px"><b>${label(m.t)}</b>${m.partial ? " (this minute, so far)" : ""}` +
          line(INDIGO, "Events stored", `${formatRate(m.eventsPerSecond)} (${formatInteger(m.events)})`) +
          line(P95, "p95 answer", m.p95Ms === null ? "—" : `${formatInteger(Math.round(m.p95Ms))} ms`) +
          line("#64748b", "Requests stored", formatInteger(m.requests)) +
          line(REFUSED, "Requests refused", formatInteger(m.refused)) +
          line("#64748b", "Most events queued", formatInteger(m.queueMax)) +
          "</div>"
        );
      },
    },
    xAxis: { type: "category", data: minutes.map((m) => label(m.t)), axisLabel: { hideOverlap: true } },
    // Refused requests on an axis of their own, not drawn: a few would vanish on the events' scale.
    yAxis: [
      axis("events/s"),
      { ...axis("ms"), splitLine: { show: false } },
      { type: "value", show: false, minInterval: 1 },
    ],
    series: [
      {
        ...line("Events stored per second", INDIGO, 0),
        areaStyle: { opacity: 0.15 },
        data: minutes.map((m) => m.eventsPerSecond),
      },
      { ...line("p95 answer time", P95, 1), lineStyle: { width: 1.5 }, data: minutes.map((m) => m.p95Ms) },
      {
        name: "Requests refused",
        type: "bar",
        yAxisIndex: 2,
        barMaxWidth: 6,
        itemStyle: { color: REFUSED },
        data: minutes.map((m) => m.refused),
      },
    ],
  };
}

function line(name: string, color: string, yAxisIndex: number) {
  return { name, type: "line", yAxisIndex, showSymbol: false, connectNulls: false, itemStyle: { color } };
}
