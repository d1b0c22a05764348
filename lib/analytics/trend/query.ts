import { type SQL, sql } from "drizzle-orm";
import { inTop } from "../breakdown";
import { isoUtc } from "../common";
import { type Matcher, matchesAny } from "../matchers";
import { bucketOf, bucketsQuery, type Periods } from "../periods";
import type { TrendMeasure } from "./params";

/** A breakdown as a trend reads it: each event's value, and the top values (chosen once for every series). */
export type TrendBreakdown = { value: SQL; top: (string | null)[] };

export type TrendQueryInput = {
  projectId: number;
  matcher: Matcher;
  measure: TrendMeasure;
  periods: Periods;
  /** Read event_counts_hourly instead of events (counts of an event without filters; see canUseHourlyRollup). */
  fromRollup: boolean;
  /** On Citus: one grouped scan (pushed down to every shard) instead of a lateral scan per bucket. */
  citus: boolean;
  breakdown: TrendBreakdown | null;
};

/** Rows of a series: a bucket, a breakdown group (null without a breakdown), its events and persons. */
export type TrendRow = { t: string; g: string | null; events: number | null; persons: number | null };

/** The buckets of [from, to) in the project's zone (../periods.ts), as ISO instants: a series' x axis. */
export function buildBucketsQuery(periods: Periods): SQL {
  return sql`select ${isoUtc(sql`bucket`)} as t from (${bucketsQuery(periods)}) b order by bucket`;
}

/** `top` as a CTE of constants, so breakdown.ts's inTop and breakdownValueCondition read it. */
export function topCte(top: (string | null)[]): SQL {
  return sql`top as (select v from unnest(${sql.param(top)}::text[]) as v)`;
}

/** An event's group: its value when in the top, else "$other" (the same word as OTHER_VALUE). */
function groupOf(breakdown: TrendBreakdown | null): SQL {
  if (!breakdown) return sql`null::text`;
  return sql`case when ${inTop(breakdown.value)} then ${breakdown.value} else '$other' end`;
}

/**
 * One series of a trend: per bucket of `interval` in [from, to) (and per breakdown group), the
 * events and the distinct persons (only what the measure needs; persons are resolved persons,
 * merges already rewrote person_id). Buckets without events are absent: result.ts fills zeros.
 *
 * A named event is one range scan of events_event_time_idx (project_id, event_id, timestamp)
 * INCLUDE (person_id) per bucket, its bounds computed once per bucket in the zone (no time zone
 * arithmetic per event; index-only without filters or breakdown). "$any" reads the range's
 * partitions once and groups. Counts of an event without filters come from event_counts_hourly
 * (event_counts_hourly_key_idx, index-only) when the caller allows it.
 *
 * On Citus a named event is grouped like "$any" (Citus cannot push a lateral subquery over the
 * generated buckets down): every shard groups its events by bucket, the coordinator adds the
 * shards' counts up, and distinct persons add up too (a person's events are all in one shard).
 */
export function buildTrendQuery(input: TrendQueryInput): SQL {
  const { projectId, matcher, periods } = input;
  const { from, to } = periods;
  const events = input.measure === "persons" ? sql`null::float8` : sql`count(*)::float8`;
  const persons = input.measure === "count" ? sql`null::float8` : sql`count(distinct e.person_id)::float8`;
  const top = input.breakdown ? sql`with ${topCte(input.breakdown.top)} ` : sql``;
  const group = groupOf(input.breakdown);
  if (input.fromRollup) {
    const eventFilter = matcher.eventId === null ? sql`` : sql`and r.event_id = ${matcher.eventId}`;
    return sql`select ${isoUtc(bucketOf(sql`r.hour`, periods))} as t, null::text as g,
        sum(r.count)::float8 as events, null::float8 as persons
      from event_counts_hourly r
      where r.project_id = ${projectId} ${eventFilter} and r.hour >= ${from}::timestamptz and r.hour < ${to}::timestamptz
      group by 1`;
  }
  const matches = matchesAny(projectId, [matcher]);
  if (matcher.eventId !== null && !input.citus) {
    return sql`${top}select ${isoUtc(sql`b.bucket`)} as t, x.g, x.events, x.persons
      from (${bucketsQuery(periods)}) b
      cross join lateral (
        select ${group} as g, ${events} as events, ${persons} as persons from events e
        where e.project_id = ${projectId} and e.event_id = ${matcher.eventId} and ${matches}
          and e.timestamp >= greatest(b.bucket, ${from}::timestamptz) and e.timestamp < least(b.next, ${to}::timestamptz)
        group by 1) x`;
  }
  return sql`${top}select ${isoUtc(bucketOf(sql`e.timestamp`, periods))} as t, ${group} as g,
      ${events} as events, ${persons} as persons
    from events e
    where e.project_id = ${projectId} and ${matches}
      and e.timestamp >= ${from}::timestamptz and e.timestamp < ${to}::timestamptz
    group by 1, 2`;
}

/**
 * The top `limit` values of a breakdown over the events of every series in [from, to), by events
 * (no value last among equals): the same groups for every series, so a formula reads them alike.
 */
export function buildTopValuesQuery(
  projectId: number,
  matchers: Matcher[],
  value: SQL,
  periods: Periods,
  limit: number,
): SQL {
  return sql`select ${value} as v from events e
    where e.project_id = ${projectId} and ${matchesAny(projectId, matchers)}
      and e.timestamp >= ${periods.from}::timestamptz and e.timestamp < ${periods.to}::timestamptz
    group by 1 order by count(*) desc, 1 nulls last limit ${limit}`;
}

/**
 * The persons behind one point: those with an event of the series in [start, end) (and of the
 * breakdown group, `condition` over the event's value `v`), with their events, by person id
 * after the cursor. Index: events_event_time_idx for a named event.
 */
export function buildTrendPersonsQuery(input: {
  projectId: number;
  matcher: Matcher;
  start: string;
  end: string;
  breakdown: (TrendBreakdown & { condition: SQL }) | null;
  after: number | null;
  limit: number;
}): SQL {
  const { projectId, matcher, breakdown } = input;
  return sql`${breakdown ? sql`with ${topCte(breakdown.top)} ` : sql``}select e.person_id::text as p, count(*)::float8 as events
    from events e
    where e.project_id = ${projectId} and ${matchesAny(projectId, [matcher])}
      and e.timestamp >= ${input.start}::timestamptz and e.timestamp < ${input.end}::timestamptz
      ${breakdown ? sql`and ${breakdown.condition}` : sql``}
      ${input.after === null ? sql`` : sql`and e.person_id > ${input.after}`}
    group by e.person_id order by e.person_id limit ${input.limit + 1}`;
}
