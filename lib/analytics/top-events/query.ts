import { type SQL, sql } from "drizzle-orm";

/**
 * The most frequent events in [from, to) with their unique persons. One pass over the range's
 * partitions, grouped by event_id (integer), names joined afterwards for the top `limit` only.
 */
export function buildTopEventsQuery(projectId: number, from: string, to: string, limit: number): SQL {
  return sql`select d.name as event, x.count, x.persons
    from (select event_id, count(*)::int as count, count(distinct person_id)::int as persons
          from events
          where project_id = ${projectId} and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz
          group by event_id order by count(*) desc limit ${limit}) x
    join event_definitions d on d.id = x.event_id
    order by x.count desc, d.name`;
}
