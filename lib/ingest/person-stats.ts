import { type SQL, sql } from "drizzle-orm";
import { insertRows } from "@/db/connect";
import type { NormalizedEvent } from "./types";

/**
 * The upsert of a batch's persons' activity into person_stats: first and last event time and the
 * number of events, per person, one row each (db/schema/persons.ts). In the batch's transaction,
 * so the people list agrees with the events stored.
 */
export function personStatsUpsert(
  projectId: number,
  events: NormalizedEvent[],
  personOf: Map<string, number>,
  citus = false,
): SQL[] {
  const stats = new Map<number, { p: number; f: string; l: string; n: number }>();
  for (const event of events) {
    const p = personOf.get(event.distinctId) as number;
    const row = stats.get(p);
    if (!row) stats.set(p, { p, f: event.timestamp, l: event.timestamp, n: 1 });
    else {
      if (event.timestamp < row.f) row.f = event.timestamp;
      if (event.timestamp > row.l) row.l = event.timestamp;
      row.n++;
    }
  }
  const rows = [...stats.values()].sort((a, b) => a.p - b.p);
  return insertRows(
    "person_stats",
    [
      ["project_id", "int"],
      ["person_id", "bigint"],
      ["first_seen", "timestamptz"],
      ["last_seen", "timestamptz"],
      ["event_count", "int"],
    ],
    rows.map((r) => [projectId, r.p, r.f, r.l, r.n]),
    sql`on conflict (project_id, person_id) do update set
      first_seen = least(person_stats.first_seen, excluded.first_seen),
      last_seen = greatest(person_stats.last_seen, excluded.last_seen),
      event_count = person_stats.event_count + excluded.event_count`,
    citus,
  );
}
