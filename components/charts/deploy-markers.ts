import type { EChartOption } from "@/components/charts/echart";
import { formatInstant } from "@/components/ui/format";
import type { Deploy } from "@/lib/deploys/deploys";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The series name of the markers: a click on one reaches `onClick` with this seriesName. */
export const DEPLOY_SERIES = "Deploys";
/** Room above the plot for the markers and their labels: the grid's top is at least this. */
export const DEPLOY_MARKER_TOP = 40;
/** Deploys closer than this share of the axis span are one marker ("3 deploys"). */
const CLUSTER_SHARE = 1 / 150;

export type DeployCluster = { t: string; deploys: Deploy[] };

/**
 * Deploys sorted by time, those less than `gapMs` after the previous one joined to its cluster.
 * A cluster stands at its first deploy's time.
 */
export function clusterDeploys(deploys: Deploy[], gapMs: number): DeployCluster[] {
  const sorted = [...deploys].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const clusters: DeployCluster[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const deploy of sorted) {
    const at = Date.parse(deploy.timestamp);
    const last = clusters.at(-1);
    if (last && at - previous < gapMs) last.deploys.push(deploy);
    else clusters.push({ t: deploy.timestamp, deploys: [deploy] });
    previous = at;
  }
  return clusters;
}

export const deployLabel = (d: Deploy) => `${d.service}@${d.version}`;
const clusterLabel = (c: DeployCluster) =>
  c.deploys.length === 1 && c.deploys[0] ? deployLabel(c.deploys[0]) : `${c.deploys.length} deploys`;

type Span = { from: string; to: string; timeZone: string };
type AxisOption = Record<string, unknown>;

/**
 * Deploy markers on a chart with a time x-axis, the same on every time axis of the product: a small
 * amber flag above the plot per deploy (or per cluster of nearby deploys), its version as a
 * horizontal label where there is room (overlapping labels are hidden, never drawn across the
 * bars), a faint line down through the plot, and on hover the deploys' service, version,
 * environment, time, commit and description. The flags are a scatter series of their own on a
 * hidden 0–1 axis, so they sit at the top whatever the data's scale.
 */
export function withDeployMarkers(option: EChartOption, deploys: Deploy[], span: Span): EChartOption {
  if (deploys.length === 0) return option;
  const yAxes = ([] as AxisOption[]).concat((option.yAxis as AxisOption | AxisOption[] | undefined) ?? []);
  const grid = (option.grid as { top?: number } | undefined) ?? {};
  const series = ([] as unknown[]).concat(option.series ?? []);
  const gap = (Date.parse(span.to) - Date.parse(span.from)) * CLUSTER_SHARE;
  const clusters = clusterDeploys(deploys, gap);
  return {
    ...option,
    grid: { ...grid, top: Math.max(grid.top ?? 0, DEPLOY_MARKER_TOP) },
    yAxis: [...yAxes, { type: "value", min: 0, max: 1, show: false }],
    series: [
      ...series,
      {
        name: DEPLOY_SERIES,
        type: "scatter",
        yAxisIndex: yAxes.length,
        symbol: "triangle",
        symbolRotate: 180,
        symbolSize: (_: unknown, params: { dataIndex: number }) =>
          (clusters[params.dataIndex]?.deploys.length ?? 1) > 1 ? 12 : 9,
        symbolOffset: [0, -6],
        cursor: "pointer",
        z: 5,
        itemStyle: { color: "#d97706" },
        emphasis: { scale: 1.4 },
        label: {
          show: true,
          position: "top",
          distance: 4,
          color: "#b45309",
          fontSize: 10,
          formatter: (params: { dataIndex: number }) => {
            const cluster = clusters[params.dataIndex];
            return cluster ? clusterLabel(cluster) : "";
          },
        },
        labelLayout: { hideOverlap: true },
        tooltip: {
          trigger: "item",
          formatter: (params: { dataIndex: number }) => {
            const cluster = clusters[params.dataIndex];
            return cluster
              ? `<div style="font-size:12px">${deployTooltipHtml(cluster.deploys, span.timeZone, false)}</div>`
              : "";
          },
        },
        data: clusters.map((c) => ({ value: [c.t, 1], deployIds: c.deploys.map((d) => d.id) })),
        markLine: {
          silent: true,
          symbol: ["none", "none"],
          animation: false,
          label: { show: false },
          lineStyle: { color: "#f59e0b", opacity: 0.55, type: "dashed", width: 1 },
          data: deploys.map((d) => ({ xAxis: d.timestamp })),
        },
      },
    ],
  };
}

/** Deploys whose time falls in [start, end): shown in the tooltip of that bucket. */
export function deploysBetween(deploys: Deploy[], start: string, end: string): Deploy[] {
  return deploys.filter((d) => d.timestamp >= start && d.timestamp < end);
}

/** The deploys' details, for a tooltip: a ruled block each, after what `below` says (a bucket's count). */
export function deployTooltipHtml(deploys: Deploy[], timeZone: string, below = true): string {
  return deploys
    .map(
      (d, i) =>
        (i > 0 || below ? `<div style="margin-top:6px;padding-top:6px;border-top:1px solid #e2e8f0">` : "<div>") +
        `<span style="color:#b45309">▼ deploy</span> <b>${escapeHtml(deployLabel(d))}</b>` +
        (d.environment !== "production" ? ` <span style="color:#64748b">(${escapeHtml(d.environment)})</span>` : "") +
        `<br/><span style="color:#64748b">${escapeHtml(formatInstant(d.timestamp, timeZone))}</span>` +
        (d.commit ? ` · <code>${escapeHtml(d.commit.slice(0, 10))}</code>` : "") +
        (d.description ? `<br/><span style="color:#334155">${escapeHtml(d.description)}</span>` : "") +
        `</div>`,
    )
    .join("");
}
