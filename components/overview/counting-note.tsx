"use client";

import { formatAgo, formatInstant } from "@/components/ui/format";
import type { ResultMeta } from "@/lib/analytics/common";
import { type FreshnessStatus, freshnessOf } from "@/lib/analytics/data-quality/freshness";

/** "How this was counted": unit, interval, range, time zone and data freshness, on every chart. */
export function CountingNote({ meta, unit, interval }: { meta: ResultMeta; unit: string; interval?: string }) {
  const title = `Counts ${unit}${interval ? ` per ${interval}` : ""} from ${formatInstant(meta.from, meta.timeZone)} to ${formatInstant(meta.to, meta.timeZone)} (${meta.timeZone}); computed ${meta.computedAt}`;
  return (
    <span className="flex items-center gap-2 text-xs text-slate-500" title={title}>
      <span>{meta.timeZone}</span>
      <span aria-hidden>·</span>
      <Freshness lastReceivedAt={meta.lastReceivedAt} now={Date.parse(meta.computedAt)} />
    </span>
  );
}

const DOT: Record<FreshnessStatus, string> = {
  fresh: "bg-emerald-500",
  delayed: "bg-amber-500",
  stale: "bg-slate-400",
  empty: "bg-slate-400",
};

export function Freshness({ lastReceivedAt, now }: { lastReceivedAt: string | null; now: number }) {
  if (!lastReceivedAt) return <span>no events yet</span>;
  // The same thresholds as the data quality page's banner.
  const color = DOT[freshnessOf(lastReceivedAt, new Date(now)).status];
  return (
    <span className="inline-flex items-center gap-1" data-testid="freshness">
      <span className={`h-2 w-2 rounded-full ${color}`} aria-hidden />
      last event received {formatAgo(lastReceivedAt, now)}
    </span>
  );
}
