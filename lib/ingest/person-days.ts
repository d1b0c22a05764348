import { type SQL, sql } from "drizzle-orm";
import { recordset, valuesLists } from "@/db/connect";
import { type RowBatch, sendEveryRow } from "./stored-rows";
import type { NormalizedEvent } from "./types";

/** A quarter of an hour: every time zone's midnight falls on one (offsets are whole quarters). */
const QUARTER_MS = 15 * 60_000;

/**
 * The days a batch's persons were active, in the project's time zone, added to person_days
 * (db/schema/persons.ts) in the batch's transaction; a day already there is left as it is. The
 * batch's events are reduced to one row per person and quarter hour first: a session is a row
 * or two, whatever its number of events. (A quarter hour falls in one day of the zone, and a
 * project's zone cannot change once it has events: a quarter known stored is a day stored.)
 */
export function personDaysInsert(
  projectId: number,
  events: NormalizedEvent[],
  personOf: Map<string, number>,
  /** On Citus, the project's zone (read in the batch's transaction): the rows go as VALUES. */
  citusZone: string | null = null,
  /** Quarter hours known stored are not sent again (./stored-rows.ts): their day is there. */
  known: RowBatch = sendEveryRow,
): SQL[] {
  const seen = new Set<string>();
  const rows: { p: number; t: string }[] = [];
  for (const event of events) {
    const p = personOf.get(event.distinctId) as number;
    const quarter = Math.floor(Date.parse(event.timestamp) / QUARTER_MS) * QUARTER_MS;
    const key = `d:${projectId}:${p}:${quarter}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (known.known(key)) continue;
    rows.push({ p, t: new Date(quarter).toISOString() });
  }
  if (rows.length === 0) return [];
  rows.sort((a, b) => a.p - b.p || a.t.localeCompare(b.t));
  if (citusZone !== null) {
    // VALUES go to the shards directly (db/connect.ts#valuesLists); a day twice is a conflict.
    const values = rows.map((r) => [projectId, r.p, r.t]);
    const day = (t: SQL) => sql`(${t}::timestamptz at time zone ${citusZone}::text)::date`;
    return valuesLists(values, ["int", "bigint", day]).map(
      (list) => sql`insert into person_days (project_id, person_id, day) ${list} on conflict do nothing`,
    );
  }
  return [
    sql`insert into person_days (project_id, person_id, day)
    select distinct ${projectId}::int, x.p, (x.t at time zone z.time_zone)::date
    from ${recordset(rows)} as x(p bigint, t timestamptz), (select time_zone from projects where id = ${projectId}) z
    order by 2, 3
    on conflict do nothing`,
  ];
}
