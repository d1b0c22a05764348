import { formatAgo, formatDuration, formatInstant, formatInteger } from "@/components/ui/format";
import type { EventQuality } from "@/lib/analytics/data-quality/result";

const muted = (value: number) => (value === 0 ? "text-slate-400" : "");

/** Per event name: when it was last seen and received, its volume, its issues and how late it arrives. */
export function EventsTable({ events, timeZone, now }: { events: EventQuality[]; timeZone: string; now: number }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="events-quality-table">
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
            <th className="pb-2 font-medium">Event</th>
            <th className="pb-2 font-medium">Last received</th>
            <th className="pb-2 font-medium">Last event hour</th>
            <th className="pb-2 text-right font-medium">Volume</th>
            <th className="pb-2 text-right font-medium">Rejected</th>
            <th className="pb-2 text-right font-medium">Altered</th>
            <th className="pb-2 text-right font-medium" title="received − event time, events received in the last 24 h">
              Lag median
            </th>
            <th className="pb-2 text-right font-medium">Lag p95</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.event} className="border-t border-slate-100" data-testid="event-quality-row">
              <td className="py-2 pr-3 font-mono text-[13px]">{e.event}</td>
              <td className="py-2 pr-3 text-slate-600" title={formatInstant(e.lastReceivedAt, timeZone)}>
                {formatAgo(e.lastReceivedAt, now)}
              </td>
              <td className="py-2 pr-3 text-slate-600">{e.lastSeen ? formatInstant(e.lastSeen, timeZone) : "—"}</td>
              <td className={`py-2 text-right tabular-nums ${muted(e.volume)}`}>{formatInteger(e.volume)}</td>
              <td className={`py-2 text-right tabular-nums ${e.rejected > 0 ? "text-red-700" : muted(0)}`}>
                {formatInteger(e.rejected)}
              </td>
              <td className={`py-2 text-right tabular-nums ${e.altered > 0 ? "text-amber-700" : muted(0)}`}>
                {formatInteger(e.altered)}
              </td>
              <td
                className="py-2 text-right tabular-nums"
                title={
                  e.lag
                    ? `${formatInteger(e.lag.measured)} events measured${e.lag.sampled ? " (sampled per hour, weighted by volume)" : ""}`
                    : "no event received in the last 24 h"
                }
              >
                {e.lag ? formatDuration(e.lag.medianSeconds) : "—"}
              </td>
              <td className="py-2 text-right tabular-nums">{e.lag ? formatDuration(e.lag.p95Seconds) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
