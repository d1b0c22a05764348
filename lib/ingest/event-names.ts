import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";

/**
 * Distinct event names a project may have (docs/api.md#limits). A write key is public: without a
 * cap, anyone could grow the catalog (and every name picker) without end. Names past it are
 * refused per event (`too_many_event_names`); a few concurrent processes may each admit the last
 * free names, so the cap can be passed by a handful.
 */
export const MAX_EVENT_NAMES = 10_000;

type Known = { names: Set<string>; count: number };
const known = new Map<number, Known>();

/**
 * The names of a batch that `projectId` may store: those it already has, then new ones while the
 * project stays under the cap, in the order given. A name seen once is remembered by the process,
 * so a batch of known names costs no query.
 */
export function eventNameCap(db: Db, projectId: number, cap = MAX_EVENT_NAMES) {
  return async (names: string[]): Promise<Set<string>> => {
    let entry = known.get(projectId);
    if (entry && names.every((name) => entry?.names.has(name))) return new Set(names);
    const [found] = await rows<{ existing: string[] | null; count: number }>(
      db,
      sql`select (select array_agg(name) from event_definitions
                  where project_id = ${projectId} and name = any(${sql.param(names)}::text[])) as existing,
                 (select count(*)::int from event_definitions where project_id = ${projectId}) as count`,
    );
    entry ??= { names: new Set(), count: 0 };
    for (const name of found?.existing ?? []) entry.names.add(name);
    entry.count = found?.count ?? 0;
    known.set(projectId, entry);
    const admitted = new Set<string>();
    for (const name of names) {
      if (entry.names.has(name)) admitted.add(name);
      else if (entry.count < cap) {
        // Counted now, so the process's other requests see the room it takes.
        admitted.add(name);
        entry.count++;
      }
    }
    return admitted;
  };
}
