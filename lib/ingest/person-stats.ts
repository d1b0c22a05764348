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
 * stored. When a person's first instant holds events with other values, the database picks the
 * least of each (its collation, as min() does): each further set of values is upserted after the
 * first at the same instant (`ties`: one statement per round, a row per person in each, run after
 * `upsert` as statements of their own, since one statement cannot update a row twice), where
 * firstColumnsOnConflict takes least().
 */
export function personStatsUpsert(
  projectId: number,
  events: NormalizedEvent[],
  personOf: Map<string, number>,
  citus = false,
): { upsert: SQL[]; ties: SQL[] } {
  type Row = { p: number; f: string; l: string; n: number; first: (string | null)[]; ties: (string | null)[][] };
  const stats = new Map<number, Row>();
  const firstOf = (event: NormalizedEvent) => firstFields.map((field) => event[field] as string | null);
  const same = (a: (string | null)[], b: (string | null)[]) => a.every((v, i) => v === b[i]);
  for (const event of events) {
    const p = personOf.get(event.distinctId) as number;
    const row = stats.get(p);
    if (!row) {
      stats.set(p, { p, f: event.timestamp, l: event.timestamp, n: 1, first: firstOf(event), ties: [] });
      continue;
    }
    if (event.timestamp < row.f) {
      row.f = event.timestamp;
      row.first = firstOf(event);
      row.ties = [];
    } else if (event.timestamp === row.f) {
      const values = firstOf(event);
      if (!same(values, row.first) && !row.ties.some((t) => same(t, values))) row.ties.push(values);
    }
    if (event.timestamp > row.l) row.l = event.timestamp;
    row.n++;
  }
  const rows = [...stats.values()].sort((a, b) => a.p - b.p);
  const upsert = (values: (readonly unknown[])[]) =>
    insertRows(
      "person_stats",
      [
        ["project_id", "int"],
        ["person_id", "bigint"],
        ["first_seen", "timestamptz"],
        ["last_seen", "timestamptz"],
        ["event_count", "int"],
        ...personStatsFirstColumns.map((c) => [`first_${c}`, "text"] as const),
      ],
      values,
      sql`on conflict (project_id, person_id) do update set
      ${firstColumnsOnConflict()},
      first_seen = least(person_stats.first_seen, excluded.first_seen),
      last_seen = greatest(person_stats.last_seen, excluded.last_seen),
      event_count = person_stats.event_count + excluded.event_count`,
      citus,
    );
  // Other values at the first instant (rare): no events counted, the instant as first and last.
  const ties: SQL[] = [];
  const rounds = Math.max(0, ...rows.map((r) => r.ties.length));
  for (let i = 0; i < rounds; i++) {
    const tied = rows.filter((r) => r.ties[i]);
    ties.push(...upsert(tied.map((r) => [projectId, r.p, r.f, r.f, 0, ...(r.ties[i] ?? [])])));
  }
  return { upsert: upsert(rows.map((r) => [projectId, r.p, r.f, r.l, r.n, ...r.first])), ties };
}
