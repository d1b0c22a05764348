import Link from "next/link";
import { formatInteger } from "@/components/ui/format";
import type { TopEvent } from "@/lib/analytics/top-events/get-top-events";

/** Unique persons by event name, once counted; or where that count is. */
export type PersonsState = Map<string, number> | "counting" | "failed";

/**
 * Events with their counts; unique persons arrive separately, from a second query that ran a
 * moment later. An event missing from it (it moved past the top `limit` in between) shows "—".
 */
export function TopEventsTable({
  events,
  persons,
  peopleHref,
}: {
  events: TopEvent[];
  persons: PersonsState;
  /** The people who did an event in the range shown: a click on its name, or on its persons count. */
  peopleHref: (event: string) => string;
}) {
  const max = Math.max(...events.map((e) => e.count), 1);
  return (
    <table className="w-full text-sm" data-testid="top-events" aria-busy={persons === "counting"}>
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
          <th className="pb-2 font-medium">Event</th>
          <th className="pb-2 text-right font-medium">Count</th>
          <th className="pb-2 text-right font-medium">Unique persons</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.event} className="border-t border-slate-100">
            <td className="py-2 pr-4">
              <Link
                href={peopleHref(e.event)}
                className="font-mono text-[13px] text-slate-800 hover:text-indigo-700 hover:underline"
                data-testid="top-event-link"
                title={`The people who did ${e.event} in this range`}
              >
                {e.event}
              </Link>
              <div className="mt-1 h-1 rounded bg-indigo-100">
                <div className="h-1 rounded bg-indigo-500" style={{ width: `${(e.count / max) * 100}%` }} />
              </div>
            </td>
            <td className="py-2 text-right tabular-nums">{formatInteger(e.count)}</td>
            <td className="py-2 text-right tabular-nums" data-testid="top-event-persons">
              {persons === "counting" ? (
                <span className="inline-block h-3 w-10 animate-pulse rounded bg-slate-200">
                  <span className="sr-only">counting…</span>
                </span>
              ) : persons === "failed" || !persons.has(e.event) ? (
                <span className="text-slate-400">—</span>
              ) : (
                <Link href={peopleHref(e.event)} className="hover:text-indigo-700 hover:underline">
                  {formatInteger(persons.get(e.event) as number)}
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
