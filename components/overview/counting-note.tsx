"use client";

import { formatAgo, formatInstant } from "@/components/ui/format";
import type { ResultMeta } from "@/lib/analytics/common";

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

export function Freshness({ lastReceivedAt, now }: { lastReceivedAt: string | null; now: number }) {
  if (!lastReceivedAt) return <span>no events yet</span>;
  const age = now - Date.parse(lastReceivedAt);
  const color = age < 3_600_000 ? "bg-emerald-500" : age < 86_400_000 ? "bg-amber-500" : "bg-slate-400";
  return (
    <span className="inline-flex items-center gap-1" data-testid="freshness">
      <span className={`h-2 w-2 rounded-full ${color}`} aria-hidden />
      last event received {formatAgo(lastReceivedAt, now)}
    </span>
  );
}
