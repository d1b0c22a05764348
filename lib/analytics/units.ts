import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";

/**
 * What an analysis counts, the same in every analysis: persons (after identity resolution), or
 * accounts — an account's current members' events as one sequence (membership at query time,
 * DESIGN §3), each account once.
 */
export const unitSchema = z.enum(["persons", "accounts"]).default("persons");
export type Unit = z.infer<typeof unitSchema>;

/** The key events are grouped by (`e.person_id`, or the account through membership) and the join it needs. */
export function unitKey(unit: Unit): { key: SQL; membership: SQL } {
  return unit === "accounts"
    ? {
        key: sql`m.account_id`,
        membership: sql`join account_members m on m.project_id = e.project_id and m.person_id = e.person_id`,
      }
    : { key: sql`e.person_id`, membership: sql`` };
}

/** Whether an event's person (`personId`) is the unit `key`, or one of the account `key`'s members. */
export function isOfUnit(unit: Unit, projectId: number, personId: SQL, key: SQL): SQL {
  return unit === "accounts"
    ? sql`${personId} in (select person_id from account_members where project_id = ${projectId} and account_id = ${key})`
    : sql`${personId} = ${key}`;
}
