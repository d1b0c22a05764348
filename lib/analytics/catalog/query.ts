import { type SQL, sql } from "drizzle-orm";
import { isoUtc } from "../common";

/**
 * Every event name of a project with its volume and first/last seen hour, summed from the
 * hourly counts (an index-only scan of event_counts_hourly), most frequent first.
 */
export function buildCatalogQuery(projectId: number, includeHidden: boolean): SQL {
  return sql`select d.name as event, coalesce(c.volume, 0)::float8 as volume,
      ${isoUtc(sql`c.first_hour`)} as "firstSeen", ${isoUtc(sql`c.last_hour`)} as "lastSeen",
      ${isoUtc(sql`d.last_received_at`)} as "lastReceivedAt",
      d.description, d.owner, d.status
    from event_definitions d
    left join (select event_id, sum(count) as volume, min(hour) as first_hour, max(hour) as last_hour
               from event_counts_hourly where project_id = ${projectId} group by event_id) c
      on c.event_id = d.id
    where d.project_id = ${projectId} ${includeHidden ? sql`` : sql`and d.status <> 'hidden'`}
    order by volume desc, d.name`;
}
