import { formatAgo, formatDuration, formatInstant } from "@/components/ui/format";
import type { Freshness } from "@/lib/analytics/data-quality/freshness";

const STYLES: Record<Freshness["status"], string> = {
  fresh: "border-emerald-200 bg-emerald-50 text-emerald-900",
  delayed: "border-amber-200 bg-amber-50 text-amber-900",
  stale: "border-red-200 bg-red-50 text-red-900",
  empty: "border-slate-200 bg-slate-50 text-slate-700",
};
const DOTS: Record<Freshness["status"], string> = {
  fresh: "bg-emerald-500",
  delayed: "bg-amber-500",
  stale: "bg-red-500",
  empty: "bg-slate-400",
};

/** Whether the data is arriving: the first thing to rule out before reading a dip as real. */
export function FreshnessBanner({ freshness, timeZone, now }: { freshness: Freshness; timeZone: string; now: number }) {
  const { status, lastReceivedAt, lagSeconds } = freshness;
  const last = lastReceivedAt && (
    <>
      last event received {formatAgo(lastReceivedAt, now)} ({formatInstant(lastReceivedAt, timeZone)}, {timeZone})
    </>
  );
  const message =
    status === "empty" ? (
      <>No events received yet: nothing is late, nothing has arrived.</>
    ) : status === "fresh" ? (
      <>Data is fresh: {last}.</>
    ) : (
      <>
        Data is {status}: no event for {formatDuration(lagSeconds)}, {last}. Recent numbers may be incomplete — check
        the senders before reading a drop as real.
      </>
    );
  return (
    <div
      role="status"
      data-testid="freshness-banner"
      data-status={status}
      className={`flex items-center gap-2 rounded-md border px-4 py-3 text-sm ${STYLES[status]}`}
    >
      <span aria-hidden className={`h-2.5 w-2.5 shrink-0 rounded-full ${DOTS[status]}`} />
      <span>{message}</span>
    </div>
  );
}
