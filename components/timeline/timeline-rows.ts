import type { Deploy } from "@/lib/deploys/deploys";
import type { TimelineEvent } from "@/lib/persons/timeline";

export type TimelineRow =
  | { kind: "session"; key: string; start: string; end: string; events: number }
  /** Without sessions (an account's timeline of several people): a header per local day. */
  | { kind: "day"; key: string; day: string }
  | { kind: "event"; key: string; event: TimelineEvent; highlighted: boolean }
  | { kind: "deploy"; key: string; deploy: Deploy };

export type Highlight = { events?: string[]; from?: string; to?: string } | null;

/** Whether an event is one a link asked to highlight: named in `events` (if given) and inside [from, to] (if given). */
export function isHighlighted(event: TimelineEvent, highlight: Highlight): boolean {
  if (!highlight || (!highlight.events?.length && !highlight.from && !highlight.to)) return false;
  if (highlight.events?.length && !highlight.events.includes(event.event)) return false;
  if (highlight.from && event.timestamp < highlight.from) return false;
  if (highlight.to && event.timestamp > highlight.to) return false;
  return true;
}

/**
 * Events (newest first, each knowing whether it starts a session) and deploys → the rows of a
 * timeline, newest first: a header before each session (its span and size, when `sessions`), the
 * events, and each deploy where it happened — between two sessions, or inside one. Without
 * sessions, a header per day of `dayOf` (the project's local date) instead.
 */
export function timelineRows(
  events: TimelineEvent[],
  deploys: Deploy[],
  options: { sessions: boolean; highlight?: Highlight; dayOf?: (timestamp: string) => string },
): TimelineRow[] {
  const pending = [...deploys].sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.id - a.id);
  const rows: TimelineRow[] = [];
  const deploysAfter = (timestamp: string) => {
    while (pending.length > 0 && (pending[0] as Deploy).timestamp > timestamp) {
      const deploy = pending.shift() as Deploy;
      rows.push({ kind: "deploy", key: `deploy-${deploy.id}`, deploy });
    }
  };
  const groups: TimelineEvent[][] = [];
  let current: TimelineEvent[] = [];
  for (const event of events) {
    current.push(event);
    if (!options.sessions || event.sessionStart) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length > 0) groups.push(current); // a session that goes on into the next page
  let lastDay: string | null = null;
  for (const group of groups) {
    const newest = group[0] as TimelineEvent;
    const oldest = group.at(-1) as TimelineEvent;
    deploysAfter(newest.timestamp);
    if (options.sessions) {
      rows.push({
        kind: "session",
        key: `session-${oldest.id}`,
        start: oldest.timestamp,
        end: newest.timestamp,
        events: group.length,
      });
    }
    for (const event of group) {
      deploysAfter(event.timestamp);
      const day = !options.sessions && options.dayOf ? options.dayOf(event.timestamp) : null;
      if (day !== null && day !== lastDay) {
        rows.push({ kind: "day", key: `day-${day}`, day });
        lastDay = day;
      }
      rows.push({
        kind: "event",
        key: `event-${event.id}`,
        event,
        highlighted: isHighlighted(event, options.highlight ?? null),
      });
    }
  }
  deploysAfter("");
  return rows;
}
