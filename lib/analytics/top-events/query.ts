import { type SQL, sql } from "drizzle-orm";
import { isHourAligned } from "@/lib/time/zone";

/**
 * The most frequent events in [from, to) with their unique persons. One pass over the range's
 * partitions, grouped by event_id (integer); names are joined to the groups (one per event name)
 * so ties rank by name exactly as buildTopEventCountsQuery ranks them.
 */
export function buildTopEventsQuery(projectId: number, from: string, to: string, limit: number): SQL {
  return sql`select d.name as event, x.count, x.persons
    from (select event_id, count(*)::int as count, count(distinct person_id)::int as persons
          from events
          where project_id = ${projectId} and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz
          group by event_id) x
    join event_definitions d on d.id = x.event_id
    order by x.count desc, d.name limit ${limit}`;
}

/**
 * The most frequent events in [from, to) without unique persons: summed from the hourly counts
 * (at most names × hours rows: 10 ms at 10M events, whatever the range) when the range is on
 * whole UTC hours (a count over whole UTC hours needs no time zone), otherwise counted from
 * events. Same ranking as buildTopEventsQuery.
 */
export function buildTopEventCountsQuery(projectId: number, from: string, to: string, limit: number): SQL {
  const counts =
    isHourAligned(new Date(from)) && isHourAligned(new Date(to))
      ? sql`select event_id, sum(count)::int as count from event_counts_hourly
          where project_id = ${projectId} and hour >= ${from}::timestamptz and hour < ${to}::timestamptz
          group by event_id`
      : sql`select event_id, count(*)::int as count from events
          where project_id = ${projectId} and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz
          group by event_id`;
  return sql`select d.name as event, x.count, null::int as persons
    from (${counts}) x join event_definitions d on d.id = x.event_id
    where x.count > 0
    order by x.count desc, d.name limit ${limit}`;
}
