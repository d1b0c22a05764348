import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { isoUtc } from "@/lib/analytics/common";

/** A project with retention, and where its expired data ends. */
export type RetentionTarget = {
  projectId: number;
  slug: string;
  retentionDays: number;
  /**
   * Events before this instant are expired: midnight, in the project's time zone, of the day
   * `retentionDays` days before today there. Aligned to the zone's day so that every day a chart
   * or the retention analysis shows is whole: kept or gone, never half.
   */
  cutoff: string;
  /** The UTC hour holding the cutoff: hourly counts before it hold only expired events. */
  cutoffHour: string;
  /** The project's day starting at the cutoff: person_days before it hold only expired days. */
  cutoffDay: string;
  /** The UTC day holding the cutoff: ingestion issue counts of earlier days (of receipt) go. */
  cutoffUtcDay: string;
};

/**
 * Every project whose settings hold a whole number of retention days, at least 1 (anything else
 * keeps everything: a typo must not delete data), with its cutoffs computed in the database,
 * where the zone rules are (DST included).
 */
export async function retentionTargets(db: Db, now: Date): Promise<RetentionTarget[]> {
  const found = await rows<{
    id: number;
    slug: string;
    days: number;
    cutoff: string;
    cutoff_hour: string;
    cutoff_day: string;
    cutoff_utc_day: string;
  }>(
    db,
    sql`select p.id, p.slug, x.days, ${isoUtc(sql`c.cutoff`)} as cutoff,
          ${isoUtc(sql`date_trunc('hour', c.cutoff at time zone 'UTC')`)} as cutoff_hour,
          d.day::text as cutoff_day, (c.cutoff at time zone 'UTC')::date::text as cutoff_utc_day
        from projects p
        cross join lateral (
          select case when jsonb_typeof(p.settings -> 'retentionDays') = 'number'
                       and p.settings ->> 'retentionDays' ~ '^[0-9]{1,6}$'
                      then (p.settings ->> 'retentionDays')::int end as days) x
        cross join lateral (select (${now.toISOString()}::timestamptz at time zone p.time_zone)::date - x.days as day) d
        cross join lateral (select d.day::timestamp at time zone p.time_zone as cutoff) c
        where x.days >= 1
        order by p.id`,
  );
  return found.map((row) => ({
    projectId: row.id,
    slug: row.slug,
    retentionDays: row.days,
    cutoff: row.cutoff,
    cutoffHour: row.cutoff_hour,
    cutoffDay: row.cutoff_day,
    cutoffUtcDay: row.cutoff_utc_day,
  }));
}
