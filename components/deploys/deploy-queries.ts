import type { Segment } from "@/lib/analytics/deploy-impact/analyze";
import { PAIR_DIMENSION, splitPair } from "@/lib/analytics/deploy-impact/params";
import type { DeployImpactChange } from "@/lib/analytics/deploy-impact/result";
import type { Filter } from "@/lib/analytics/filters";

const HOUR = 3_600_000;

/** A segment as trend filters: `os×app_version` is both columns; no value is "is not set". */
export function segmentFilters(segment: Segment | null): Filter[] {
  if (!segment) return [];
  if (segment.dimension === PAIR_DIMENSION) {
    const { os, version } = splitPair(segment.value);
    return [
      { property: "os", op: "eq", value: os },
      { property: "app_version", op: "eq", value: version },
    ];
  }
  return segment.value === null
    ? [{ property: segment.dimension, op: "is_not_set" }]
    : [{ property: segment.dimension, op: "eq", value: segment.value }];
}

/**
 * The before/after chart of a change: its event (in its segment) by hour from two days before the
 * deploy to the window's end, each hour against the same hour of previous weeks (the baseline band).
 */
export function beforeAfterQuery(change: DeployImpactChange, window: { from: string; to: string }) {
  if (change.metric !== "count") return null;
  // A release's new version has no hours before it: its os is charted, against its own baseline.
  const segment = chartedSegment(change);
  const from = new Date(Math.floor((Date.parse(window.from) - 48 * HOUR) / HOUR) * HOUR).toISOString();
  const to = new Date(Math.max(Date.parse(window.to), Date.parse(window.from) + HOUR)).toISOString();
  return {
    kind: "anomalies" as const,
    series: [
      {
        event: change.event,
        measure: "count" as const,
        ...(segment ? { where: segmentFilters(segment) } : {}),
      },
    ],
    interval: "hour" as const,
    from,
    to: new Date(Math.ceil(Date.parse(to) / HOUR) * HOUR).toISOString(),
    weeks: 4,
  };
}

/** The segment a change's before/after chart shows: its own, or for a release's new version its os. */
export function chartedSegment(change: DeployImpactChange): Segment | null {
  if (change.replaces?.length && change.segment) return { dimension: "os", value: splitPair(change.segment.value).os };
  return change.segment;
}

/** A segment in the URL (`dimension~value`, `~` alone for no value) and back. */
export const encodeSegment = (segment: Segment) => `${segment.dimension}~${segment.value ?? ""}`;
export function decodeSegmentParam(text: string | null): Segment | null {
  const at = text?.indexOf("~") ?? -1;
  if (!text || at < 0) return null;
  const value = text.slice(at + 1);
  return { dimension: text.slice(0, at), value: value === "" ? null : value };
}

/** Whom a change's persons panel lists by default: those a drop missed, or those behind a rise. */
export const defaultWho = (change: DeployImpactChange) => (change.direction === "drop" ? "did_not" : "did");
