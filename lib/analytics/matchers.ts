import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { ANY_EVENT, eventNameSchema } from "./common";
import { buildWhere, type Filter, whereSchema } from "./filters";
import { getEventIds } from "./meta";

/**
 * What an analysis step matches, the same in every analysis: an event name (or `$any`, any event)
 * with filters on its properties, promoted columns, `person.*` and `account.*` (filters.ts).
 */
export const eventMatcherSchema = z.strictObject({ event: eventNameSchema, where: whereSchema.optional() });
export type EventMatcherParams = z.infer<typeof eventMatcherSchema>;

/** A matcher made ready for SQL: the event's id (null: any event; -1: a name never seen) and filters. */
export type Matcher = { eventId: number | null; where?: Filter[] };

/** Names → matchers, with the ids looked up once; a name never seen matches nothing (not an error). */
export async function compileMatchers(db: Db, projectId: number, matchers: EventMatcherParams[]): Promise<Matcher[]> {
  const ids = await getEventIds(
    db,
    projectId,
    matchers.map((m) => m.event).filter((name) => name !== ANY_EVENT),
  );
  return matchers.map((m) => ({ eventId: m.event === ANY_EVENT ? null : (ids.get(m.event) ?? -1), where: m.where }));
}

/** Whether the event row `alias` matches any of the matchers (filters with bound values). */
export function matchesAny(projectId: number, matchers: Matcher[], alias = "e"): SQL {
  const scope = { events: alias, personId: sql.raw(`${alias}.person_id`), projectId };
  return sql`(${sql.join(
    matchers.map((m) =>
      m.eventId === null
        ? sql`(${buildWhere(m.where, scope)})`
        : sql`(${sql.raw(alias)}.event_id = ${m.eventId} and ${buildWhere(m.where, scope)})`,
    ),
    sql` or `,
  )})`;
}

/** The event ids the matchers read (for `event_id = any(…)` index ranges), or null when one is any event. */
export function eventIdsOf(matchers: Matcher[]): number[] | null {
  if (matchers.some((m) => m.eventId === null)) return null;
  return [...new Set(matchers.map((m) => m.eventId as number))];
}
