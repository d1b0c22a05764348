import type { Deploy } from "@/lib/deploys/deploys";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Vertical dashed lines at each deploy, labelled with its version: shared by every time axis.
 * Hovering a line shows the deploy (version, commit, description).
 */
export function deployMarkLine(deploys: Deploy[]) {
  return {
    symbol: ["none", "none"],
    animation: false,
    lineStyle: { color: "#f59e0b", type: "dashed", width: 1 },
    emphasis: { lineStyle: { width: 2 } },
    label: { show: true, position: "insideEndTop", color: "#b45309", fontSize: 10, formatter: "{b}" },
    tooltip: {
      trigger: "item",
      formatter: (item: { dataIndex: number }) => {
        const deploy = deploys[item.dataIndex];
        return deploy ? `<div style="font-size:12px">${deployTooltipHtml([deploy])}</div>` : "";
      },
    },
    data: deploys.map((d) => ({ xAxis: d.timestamp, name: `${d.service}@${d.version}` })),
  };
}

/** Deploys whose time falls in [start, end): shown in the tooltip of that bucket. */
export function deploysBetween(deploys: Deploy[], start: string, end: string): Deploy[] {
  return deploys.filter((d) => d.timestamp >= start && d.timestamp < end);
}

export function deployTooltipHtml(deploys: Deploy[]): string {
  return deploys
    .map(
      (d) =>
        `<div style="margin-top:6px;padding-top:6px;border-top:1px solid #e2e8f0">` +
        `<span style="color:#b45309">▲ deploy</span> <b>${escapeHtml(`${d.service}@${d.version}`)}</b>` +
        (d.commit ? ` <code>${escapeHtml(d.commit.slice(0, 10))}</code>` : "") +
        (d.description ? `<br/><span style="color:#64748b">${escapeHtml(d.description)}</span>` : "") +
        `</div>`,
    )
    .join("");
}
