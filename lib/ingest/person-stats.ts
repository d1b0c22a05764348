import { type SQL, sql } from "drizzle-orm";
import { insertRows } from "@/db/connect";
import { personStatsFirstColumns } from "@/db/schema";
import type { PromotedContext } from "./context";
import type { NormalizedEvent } from "./types";

/** Each first-event column of person_stats and the promoted context field it keeps. */
const FIRST_FIELDS: Record<(typeof personStatsFirstColumns)[number], keyof PromotedContext> = {
  os: "os",
  browser: "browser",
  device_type: "deviceType",
  app_version: "appVersion",
  country: "country",
  locale: "locale",
  path: "path",
};
const firstFields = personStatsFirstColumns.map((c) => FIRST_FIELDS[c]);

/** The smaller of two values, a null being no value (SQL's least() and min()). */
const leastOf = (a: string | null, b: string | null) => (a === null ? b : b === null || a <= b ? a : b);

/**
 * When an upsert's or a merge's `excluded` row is earlier than the stored one, its first-event
 * columns replace them; at the same instant, the least of each (min() over the events there).
 */
export function firstColumnsOnConflict(): SQL {
  return sql.raw(
    personStatsFirstColumns
      .map((c) => {
        const [mine, theirs] = [`person_stats.first_${c}`, `excluded.first_${c}`];
        return `first_${c} = case when excluded.first_seen < person_stats.first_seen then ${theirs}
          when excluded.first_seen = person_stats.first_seen then least(${mine}, ${theirs}) else ${mine} end`;
      })
      .join(",\n      "),
  );
}

/**
 * The upsert of a batch's persons' activity into person_stats: first and last event time, the
 * number of events and the first event's promoted columns, per person, one row each
 * (db/schema/persons.ts). In the batch's transaction, so the people list agrees with the events
 * stored.
 */
export function personStatsUpsert(
  projectId: number,
  events: NormalizedEvent[],
  personOf: Map<string, number>,
  citus = false,
): SQL[] {
  type Row = { p: number; f: string; l: string; n: number; first: (string | null)[] };
  const stats = new Map<number, Row>();
  const firstOf = (event: NormalizedEvent) => firstFields.map((field) => event[field] as string | null);
  for (const event of events) {
    const p = personOf.get(event.distinctId) as number;
    const row = stats.get(p);
    if (!row) {
      stats.set(p, { p, f: event.timestamp, l: event.timestamp, n: 1, first: firstOf(event) });
      continue;
    }
    if (event.timestamp < row.f) {
      row.f = event.timestamp;
      row.first = firstOf(event);
    } else if (event.timestamp === row.f) {
      row.first = row.first.map((v, i) => leastOf(v, event[firstFields[i] as keyof PromotedContext] as string | null));
    }
    if (event.timestamp > row.l) row.l = event.timestamp;
    row.n++;
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
      ...personStatsFirstColumns.map((c) => [`first_${c}`, "text"] as const),
    ],
    rows.map((r) => [projectId, r.p, r.f, r.l, r.n, ...r.first]),
    sql`on conflict (project_id, person_id) do update set
      ${firstColumnsOnConflict()},
      first_seen = least(person_stats.first_seen, excluded.first_seen),
      last_seen = greatest(person_stats.last_seen, excluded.last_seen),
      event_count = person_stats.event_count + excluded.event_count`,
    citus,
  );
}
