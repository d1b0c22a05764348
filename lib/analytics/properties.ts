import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { eventDimensions } from "@/db/schema/dimensions";

/**
 * Property naming, the same in every analysis (DESIGN §6): `person.<name>` a person property,
 * `account.<name>` an account trait (through membership at query time), a promoted dimension
 * by its column name (`os`, `app_version`…), anything else an event property (`properties ->>`).
 * Names are values, never identifiers: only the promoted columns below become SQL identifiers.
 */
export const promotedColumns = [...eventDimensions, "session_id", "distinct_id"] as const;
export type PromotedColumn = (typeof promotedColumns)[number];

export type PropertyRef =
  | { kind: "column"; column: PromotedColumn }
  | { kind: "event"; key: string }
  | { kind: "person"; key: string }
  | { kind: "account"; key: string };

export const propertyNameSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((name) => !/^(person|account)\.$/.test(name), { message: "names no property after the prefix" });

export function parseProperty(name: string): PropertyRef {
  if (name.startsWith("person.")) return { kind: "person", key: name.slice("person.".length) };
  if (name.startsWith("account.")) return { kind: "account", key: name.slice("account.".length) };
  if ((promotedColumns as readonly string[]).includes(name)) return { kind: "column", column: name as PromotedColumn };
  return { kind: "event", key: name };
}

/** The tables a query has at hand: event columns and properties (alias), person properties (alias). */
export type PropertyScope = { events?: string; persons?: string; personId: SQL; projectId: number };

/**
 * The text of a property for one row, or null when unset. `account.*` is the trait of the person's
 * account with the smallest id (a person in several accounts is filtered by any of them: see
 * filters.ts); the others are plain expressions over the scope's aliases.
 */
export function propertyText(ref: PropertyRef, scope: PropertyScope): SQL {
  switch (ref.kind) {
    case "column":
      return sql`${sql.raw(`${requireAlias(scope.events, ref)}.${ref.column}`)}`;
    case "event":
      return sql`${sql.raw(requireAlias(scope.events, ref))}.properties ->> ${ref.key}`;
    case "person":
      return scope.persons
        ? sql`${sql.raw(scope.persons)}.properties ->> ${ref.key}`
        : sql`(select pp.properties ->> ${ref.key} from persons pp where pp.id = ${scope.personId})`;
    case "account":
      return sql`(select a.traits ->> ${ref.key} from account_members m join accounts a on a.id = m.account_id
                  where m.project_id = ${scope.projectId} and m.person_id = ${scope.personId}
                  order by a.id limit 1)`;
  }
}

function requireAlias(alias: string | undefined, ref: PropertyRef): string {
  if (!alias) throw new PropertyScopeError(ref);
  return alias;
}

/** A property this list or analysis cannot name (an event property in a list of persons). */
export class PropertyScopeError extends Error {
  constructor(readonly ref: PropertyRef) {
    super(
      `${ref.kind === "column" ? ref.column : ref.key} is an event property: use person.<name> or account.<name> here`,
    );
  }
}
