import { type SQL, sql } from "drizzle-orm";
import { isoUtc } from "../common";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `[from, to)` on UTC midnights: the days a range touches, the unit ingest_issues counts in. */
export type DayRange = { from: string; to: string };

export function dayRangeOf(from: string, to: string): DayRange {
  const start = Math.floor(Date.parse(from) / DAY) * DAY;
  const end = Math.ceil(Date.parse(to) / DAY) * DAY;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

const dayOf = (instant: string) => instant.slice(0, 10);

/**
 * Issue counts per UTC day of receipt and reason, for the daily chart and the reason totals.
 * At most days × reasons rows. Index: ingest_issues_pkey (project_id, day, event, reason), a
 * range on its first two columns.
 */
export function buildIssuesByDayQuery(projectId: number, days: DayRange): SQL {
  return sql`select to_char(day, 'YYYY-MM-DD') as day, reason, sum(count)::float8 as count
    from ingest_issues
    where project_id = ${projectId} and day >= ${dayOf(days.from)}::date and day < ${dayOf(days.to)}::date
    group by day, reason order by day, reason`;
}

/**
 * The largest (event, reason) counts of the days, most first, then by name: rejected messages
 * carry whatever name was sent, so the list is cut at `limit` (one more row is read to say so).
 * Index: ingest_issues_pkey, as above.
 */
export function buildIssuesByEventQuery(projectId: number, days: DayRange, limit: number): SQL {
  return sql`select event, reason, sum(count)::float8 as count
    from ingest_issues
    where project_id = ${projectId} and day >= ${dayOf(days.from)}::date and day < ${dayOf(days.to)}::date
    group by event, reason
    order by count desc, event collate "C", reason collate "C" limit ${limit + 1}`;
}

/**
 * The issue counts of the catalog's names (every name, not only the largest), per reason, for
 * the per-event table. Index: ingest_issues_pkey; event_definitions_project_name_key per probe.
 */
export function buildEventIssuesQuery(projectId: number, days: DayRange): SQL {
  return sql`select i.event, i.reason, sum(i.count)::float8 as count
    from ingest_issues i
    where i.project_id = ${projectId} and i.day >= ${dayOf(days.from)}::date and i.day < ${dayOf(days.to)}::date
      and exists (select 1 from event_definitions d where d.project_id = ${projectId} and d.name = i.event)
    group by i.event, i.reason`;
}

/**
 * Every event name with its first and last seen hour (all time: by event timestamp), its volume
 * in the days, and when its newest event arrived; largest volume first, then by name, cut at
 * `limit` (one more row is read to say so). One pass over the project's hourly counts, like the
 * catalog: an index-only scan of event_counts_hourly_key_idx (project_id, event_id, hour)
 * INCLUDE (count), at most names × hours rows.
 */
export function buildEventsQuery(projectId: number, days: DayRange, limit: number): SQL {
  return sql`select d.name as event, ${isoUtc(sql`d.last_received_at`)} as "lastReceivedAt",
      ${isoUtc(sql`c.first_hour`)} as "firstSeen", ${isoUtc(sql`c.last_hour`)} as "lastSeen",
      coalesce(c.volume, 0)::float8 as volume
    from event_definitions d
    left join (
      select event_id, min(hour) as first_hour, max(hour) as last_hour,
        sum(count) filter (where hour >= ${days.from}::timestamptz and hour < ${days.to}::timestamptz) as volume
      from event_counts_hourly where project_id = ${projectId} group by event_id
    ) c on c.event_id = d.id
    where d.project_id = ${projectId}
    order by coalesce(c.volume, 0) desc, d.name collate "C"
    limit ${limit + 1}`;
}

/**
 * The project's volume (every event name) per UTC hour of event timestamp in [from, to), hours
 * without events left out: the daily accepted counts and the gap baseline (4 weeks before the
 * range). Index: event_counts_hourly_key_idx, the project's entries with `hour` as an index
 * condition (at most names × hours rows, index-only).
 */
export function buildHourlyTotalsQuery(projectId: number, from: string, to: string): SQL {
  return sql`select ${isoUtc(sql`hour`)} as t, sum(count)::float8 as value
    from event_counts_hourly
    where project_id = ${projectId} and hour >= ${from}::timestamptz and hour < ${to}::timestamptz
    group by hour order by hour`;
}

/** Events read per name and hour of timestamp for the lag: 48 hours × 400 ≈ 20,000 per name. */
export const LAG_ROWS_PER_HOUR = 400;

/**
 * Ingestion lag (received_at − timestamp, seconds) per event name, over the events received in
 * [end − 24 h, end): nearest-rank median and p95, how many events were measured, and whether
 * some were sampled.
 *
 * received_at has no index, so the events are found by timestamp: the ones of [end − 48 h, end)
 * through events_event_time_idx (project_id, event_id, timestamp), then kept if received in the
 * window. Every lag up to 24 h is therefore seen; 24–48 h ones in part; longer ones (and clocks
 * ahead of `end`) not at all. The read is stratified by hour of timestamp, with the strata (and
 * their sizes) from event_counts_hourly: at most LAG_ROWS_PER_HOUR events per name and hour, in
 * index order. An hour with more is a sample whose events weigh (hour's count ÷ events read),
 * so a busy hour counts for its volume. Why strata rather than "the newest 20,000": reading
 * newest first would keep the recent timestamps and drop exactly the late arrivals (old
 * timestamps received recently) this figure is there to show. Names under the cap in every hour
 * are measured exactly. Cost: at most strata × LAG_ROWS_PER_HOUR heap rows, bounded per name.
 */
export function buildLagQuery(projectId: number, end: string, perHour = LAG_ROWS_PER_HOUR): SQL {
  const { lo } = lagBounds(end);
  return sql`with strata as (${lagStrataQuery(projectId, end, sql`hour`)}), taken as (
      select s.event_id, s.n, x.lag, x.received_at, count(*) over (partition by s.event_id, s.hour) as read
      from strata s cross join lateral (
        select extract(epoch from e.received_at - e.timestamp)::float8 as lag, e.received_at
        from events e
        where e.project_id = ${projectId} and e.event_id = s.event_id
          and e.timestamp >= greatest(s.hour, ${lo}::timestamptz)
          and e.timestamp < least(s.hour + interval '1 hour', ${end}::timestamptz)
        order by e.timestamp limit ${perHour}
      ) x
    ), ${lagFiguresQuery(end, perHour)}`;
}

/**
 * buildLagQuery on Citus, the same figures from the same rows: a lateral scan per stratum cannot be
 * pushed down from the strata's rows, so the strata are read first (`strata`, lagStrataQuery) and
 * the events are read in one statement of their own: the strata under the cap in one scan of the
 * range (every shard reads its part), each stratum over it by its own ORDER BY timestamp LIMIT
 * (every shard gives its first `perHour`, the coordinator keeps the first `perHour` of those).
 */
export function buildLagQueryOnCitus(
  projectId: number,
  end: string,
  strata: LagStratum[],
  perHour = LAG_ROWS_PER_HOUR,
): SQL {
  const { lo } = lagBounds(end);
  const lag = sql`extract(epoch from e.received_at - e.timestamp)::float8 as lag, e.received_at`;
  const inRange = sql`e.project_id = ${projectId} and e.timestamp >= ${lo}::timestamptz and e.timestamp < ${end}::timestamptz`;
  const hourKey = sql`(e.event_id::text || '@' || floor(extract(epoch from e.timestamp) / 3600)::bigint::text)`;
  const keyOf = (s: LagStratum) => `${s.event_id}@${Math.floor(Date.parse(s.hour) / HOUR)}`;
  const small = strata.filter((s) => Number(s.n) <= perHour);
  const big = strata.filter((s) => Number(s.n) > perHour);
  const branches: SQL[] = [
    sql`select e.event_id, 0::float8 as n, ${lag}, 0::bigint as read from events e
        where ${inRange} and ${hourKey} = any(${sql.param(small.map(keyOf))}::text[])`,
    ...big.map(
      (
        s,
      ) => sql`select ${s.event_id}::int as event_id, ${Number(s.n)}::float8 as n, x.lag, x.received_at, count(*) over () as read
        from (select ${lag} from events e
              where ${inRange} and e.event_id = ${s.event_id}
                and e.timestamp >= ${s.hour}::timestamptz and e.timestamp < ${s.hour}::timestamptz + interval '1 hour'
              order by e.timestamp limit ${perHour}) x`,
    ),
  ];
  return sql`with taken as (${sql.join(
    branches.map((b) => sql`(${b})`),
    sql` union all `,
  )}), ${lagFiguresQuery(end, perHour)}`;
}

/** A stratum of the lag read: a name's hour of timestamps, with its events (event_counts_hourly). */
export type LagStratum = { event_id: number; hour: string; n: string | number };

/** The strata of [end − 48 h, end): each name's hours with events, and how many (event_counts_hourly). */
export function lagStrataQuery(projectId: number, end: string, hour = isoUtc(sql`hour`)): SQL {
  const { lo } = lagBounds(end);
  return sql`select event_id, ${hour} as hour, sum(count) as n from event_counts_hourly
      where project_id = ${projectId} and hour >= date_trunc('hour', ${lo}::timestamptz) and hour < ${end}::timestamptz
      group by event_id, hour having sum(count) > 0`;
}

function lagBounds(end: string) {
  const endMs = Date.parse(end);
  return {
    lo: new Date(endMs - 48 * HOUR).toISOString(),
    receivedFrom: new Date(endMs - 24 * HOUR).toISOString(),
  };
}

/**
 * From `taken` (event_id, n, lag, received_at, read: the stratum's events and how many were read
 * of it), the figures: the lags received in [end − 24 h, end), each weighing n ÷ read when its
 * stratum was capped, their weighted nearest-rank median and p95 per name.
 */
function lagFiguresQuery(end: string, perHour: number): SQL {
  const { receivedFrom } = lagBounds(end);
  return sql`kept as (
      select event_id, lag, read >= ${perHour} and n > read as capped,
        case when read >= ${perHour} and n > read then n::float8 / read else 1 end as w
      from taken where received_at >= ${receivedFrom}::timestamptz and received_at < ${end}::timestamptz
    ), ranked as (
      select event_id, lag, capped,
        sum(w) over (partition by event_id order by lag rows between unbounded preceding and current row) as cum,
        sum(w) over (partition by event_id) as total
      from kept
    )
    select d.name as event,
      min(r.lag) filter (where r.cum >= 0.5 * r.total) as "medianSeconds",
      min(r.lag) filter (where r.cum >= 0.95 * r.total) as "p95Seconds",
      count(*)::int as measured, bool_or(r.capped) as sampled
    from ranked r join event_definitions d on d.id = r.event_id
    group by d.name`;
}
