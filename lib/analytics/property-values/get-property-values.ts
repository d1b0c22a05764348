import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { type PiiAccess, showPii } from "@/lib/persons/pii";
import type { Project } from "@/lib/projects/projects";
import { checkEmbeddedBudget } from "../embedded-budget";
import { getEventIds } from "../meta";
import { parseProperty, propertyText } from "../properties";
import { readOnly } from "../read-only";
import type { PropertyValuesParams } from "./params";

export type PropertyValues = { values: { value: string; count: number }[] };

/**
 * The most frequent values of a property, most first: an event property or column over the
 * range's events (of one event when given), a person property over the project's persons, an
 * account trait over its accounts.
 */
export function getPropertyValues(
  db: Db,
  project: Project,
  params: PropertyValuesParams,
  access: PiiAccess,
): Promise<PropertyValues> {
  return readOnly(db, async (tx) => {
    const ref = parseProperty(params.property);
    let query: SQL;
    if (ref.kind === "person") {
      query = sql`select properties ->> ${ref.key} as value, count(*)::int as count from persons
        where project_id = ${project.id} and properties ? ${ref.key} group by 1 order by 2 desc, 1 limit ${params.limit}`;
    } else if (ref.kind === "account") {
      query = sql`select traits ->> ${ref.key} as value, count(*)::int as count from accounts
        where project_id = ${project.id} and traits ? ${ref.key} group by 1 order by 2 desc, 1 limit ${params.limit}`;
    } else {
      const eventId = params.event
        ? ((await getEventIds(tx, project.id, [params.event])).get(params.event) ?? -1)
        : null;
      await checkEmbeddedBudget(tx, project.id, [{ eventId, from: params.from, to: params.to }]);
      const value = propertyText(ref, { events: "e", personId: sql`e.person_id`, projectId: project.id });
      query = sql`select ${value} as value, count(*)::int as count from events e
        where e.project_id = ${project.id} and e.timestamp >= ${params.from}::timestamptz and e.timestamp < ${params.to}::timestamptz
          ${eventId === null ? sql`` : sql`and e.event_id = ${eventId}`} and ${value} is not null
        group by 1 order by 2 desc, 1 limit ${params.limit}`;
    }
    return showPii({ values: await rows<{ value: string; count: number }>(tx, query) }, access);
  });
}
