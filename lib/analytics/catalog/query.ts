import { type SQL, sql } from "drizzle-orm";
import { isoUtc } from "../common";
import type { CatalogParams } from "./params";

/**
 * Every event name of a project with its volume and first/last seen hour, summed from the
 * hourly counts (an index-only scan of event_counts_hourly), most frequent first, then by name:
 * a page of `limit` after the cursor's (volume, name). The names are capped per project
 * (lib/ingest/event-names.ts), so the aggregate stays bounded.
 */
export function buildCatalogQuery(projectId: number, params: CatalogParams): SQL {
  const after = params.cursor
    ? sql`where (volume < ${params.cursor[0]} or (volume = ${params.cursor[0]} and event collate "C" > ${params.cursor[1]}))`
    : sql``;
  return sql`select * from (
      select d.name as event, coalesce(c.volume, 0)::float8 as volume,
        ${isoUtc(sql`c.first_hour`)} as "firstSeen", ${isoUtc(sql`c.last_hour`)} as "lastSeen",
        ${isoUtc(sql`d.last_received_at`)} as "lastReceivedAt",
        d.description, d.owner, d.status
      from event_definitions d
      left join (select event_id, sum(count) as volume, min(hour) as first_hour, max(hour) as last_hour
                 from event_counts_hourly where project_id = ${projectId} group by event_id) c
        on c.event_id = d.id
      where d.project_id = ${projectId} ${params.includeHidden ? sql`` : sql`and d.status <> 'hidden'`}
    ) catalog ${after}
    order by volume desc, event collate "C"
    limit ${params.limit + 1}`;
}
