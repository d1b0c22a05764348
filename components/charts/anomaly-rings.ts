import { formatInstant } from "@/components/ui/format";
import { escapeHtml } from "./deploy-markers";

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

type Flagged = {
  value: [string, number | null];
  direction: "drop" | "spike" | null;
  expected: number | null;
  label: string;
};

const fmt = (v: number | null) =>
  v === null ? "—" : v.toLocaleString("en", { maximumFractionDigits: Number.isInteger(v) ? 0 : 2 });

/**
 * The flagged points of a time chart as red rings, the same on every trend chart (the trends
 * page, the overview's volume): a scatter series of their own, with what was expected on hover.
 */
export function anomalyRings(flagged: Flagged[], timeZone: string, withTime: boolean): Record<string, unknown> | null {
  if (flagged.length === 0) return null;
  return {
    name: ANOMALY_SERIES,
    type: "scatter",
    symbol: "circle",
    symbolSize: 14,
    z: 4,
    itemStyle: { color: "rgba(239,68,68,0.15)", borderColor: "#ef4444", borderWidth: 2 },
    tooltip: {
      trigger: "item",
      formatter: (p: { data: Flagged }) =>
        `<div style="font-size:12px"><b style="color:#dc2626">${p.data.direction === "drop" ? "▼ unusual drop" : "▲ unusual rise"}</b>` +
        `<br/>${escapeHtml(p.data.label)}<br/>${escapeHtml(formatInstant(p.data.value[0], timeZone, withTime))}: ` +
        `<b>${fmt(p.data.value[1])}</b>, expected about ${fmt(p.data.expected === null ? null : Math.round(p.data.expected * 100) / 100)}</div>`,
    },
    data: flagged,
  };
}

/** The flagged points of one series' points, labelled. */
export function flaggedPoints(
  points: { t: string; value: number | null }[],
  flags: SeriesFlags | undefined,
  label: string,
): Flagged[] {
  if (!flags) return [];
  const valueAt = new Map(points.map((p) => [p.t, p.value]));
  return flags.points
    .filter((p) => p.anomaly)
    .map((p) => ({ value: [p.t, valueAt.get(p.t) ?? null], direction: p.direction, expected: p.expected, label }));
}
