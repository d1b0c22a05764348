import type { ResultMeta } from "../common";
import { type Freshness, freshnessOf } from "./freshness";
import { findGaps, type GapSpan, toGapSpans } from "./gaps";
import type { IngestionHealth } from "./ingestion-health";
import type { DayRange } from "./query";
import { describeReason, type ReasonClass } from "./reasons";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type ReasonCount = { reason: string; classification: ReasonClass; explanation: string; count: number };
export type EventReasonCount = { event: string; reason: string; classification: ReasonClass; count: number };
/** One UTC day: events stored with a timestamp that day, and issues counted on receipt that day. */
export type DailyQuality = { day: string; accepted: number; rejected: number; altered: number; duplicates: number };
export type EventLag = { medianSeconds: number; p95Seconds: number; measured: number; sampled: boolean };
export type EventQuality = {
  event: string;
  firstSeen: string | null;
  lastSeen: string | null;
  lastReceivedAt: string;
  volume: number;
  rejected: number;
  altered: number;
  /** Over the events received in `lagWindow`; null when none was. */
  lag: EventLag | null;
};
export type DataQualityResult = {
  days: DayRange;
  freshness: Freshness;
  totals: { accepted: number; rejected: number; altered: number };
  duplicatesDropped: number;
  issues: { reasons: ReasonCount[]; byEvent: EventReasonCount[]; byEventTruncated: boolean };
  daily: DailyQuality[];
  events: EventQuality[];
  eventsTruncated: boolean;
  lagWindow: { from: string; to: string };
  gaps: GapSpan[];
  /** The last hour of ingestion's own answers (./ingestion-health.ts), whatever the range. */
  ingestion: IngestionHealth;
  meta: ResultMeta;
};

type IssueRow = { event: string; reason: string; count: number };
export type DataQualityRows = {
  days: DayRange;
  lagWindow: { from: string; to: string };
  now: Date;
  meta: ResultMeta;
  issuesByDay: { day: string; reason: string; count: number }[];
  issuesByEvent: IssueRow[];
  byEventLimit: number;
  eventIssues: IssueRow[];
  events: Omit<EventQuality, "rejected" | "altered" | "lag">[];
  eventsLimit: number;
  lags: ({ event: string } & EventLag)[];
  /** Volume per UTC hour from 4 weeks before `days.from` to `days.to`. */
  hourly: { t: string; value: number }[];
  ingestion: IngestionHealth;
};

const classOf = (reason: string) => describeReason(reason).classification;

export function toDataQualityResult(rows: DataQualityRows): DataQualityResult {
  const { days, now } = rows;
  const daily = new Map<string, DailyQuality>();
  for (let t = Date.parse(days.from); t < Date.parse(days.to); t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    daily.set(day, { day, accepted: 0, rejected: 0, altered: 0, duplicates: 0 });
  }
  for (const point of rows.hourly) {
    const bucket = daily.get(point.t.slice(0, 10));
    if (bucket) bucket.accepted += point.value;
  }
  const reasons = new Map<string, number>();
  for (const row of rows.issuesByDay) {
    reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + row.count);
    const bucket = daily.get(row.day);
    const kind = classOf(row.reason);
    if (bucket) bucket[kind === "duplicate" ? "duplicates" : kind] += row.count;
  }
  const reasonCounts = [...reasons]
    .map(([reason, count]) => ({ reason, ...describeReason(reason), count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  const sum = (kind: ReasonClass) =>
    reasonCounts.filter((r) => r.classification === kind).reduce((total, r) => total + r.count, 0);

  const perEvent = new Map<string, { rejected: number; altered: number }>();
  for (const row of rows.eventIssues) {
    const kind = classOf(row.reason);
    if (kind === "duplicate") continue;
    const counts = perEvent.get(row.event) ?? { rejected: 0, altered: 0 };
    counts[kind] += row.count;
    perEvent.set(row.event, counts);
  }
  const lags = new Map(rows.lags.map(({ event, ...lag }) => [event, lag]));
  const gapsUntil = Math.min(Date.parse(days.to), Math.floor(now.getTime() / HOUR) * HOUR);

  return {
    days,
    freshness: freshnessOf(rows.meta.lastReceivedAt, now),
    totals: {
      accepted: [...daily.values()].reduce((total, d) => total + d.accepted, 0),
      rejected: sum("rejected"),
      altered: sum("altered"),
    },
    duplicatesDropped: sum("duplicate"),
    issues: {
      reasons: reasonCounts,
      byEvent: rows.issuesByEvent
        .slice(0, rows.byEventLimit)
        .map((row) => ({ ...row, classification: classOf(row.reason) })),
      byEventTruncated: rows.issuesByEvent.length > rows.byEventLimit,
    },
    daily: [...daily.values()],
    events: rows.events.slice(0, rows.eventsLimit).map((event) => ({
      ...event,
      ...(perEvent.get(event.event) ?? { rejected: 0, altered: 0 }),
      lag: lags.get(event.event) ?? null,
    })),
    eventsTruncated: rows.events.length > rows.eventsLimit,
    lagWindow: rows.lagWindow,
    gaps:
      gapsUntil > Date.parse(days.from)
        ? toGapSpans(findGaps(rows.hourly, { from: days.from, to: new Date(gapsUntil).toISOString() }))
        : [],
    ingestion: rows.ingestion,
    meta: rows.meta,
  };
}
