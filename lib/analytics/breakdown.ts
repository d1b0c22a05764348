import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Matcher, matchesAny } from "./matchers";
import { parseProperty, propertyNameSchema, propertyText } from "./properties";
import { isOfUnit, type Unit } from "./units";

/**
 * Breakdowns, the same in every analysis: by an event property or promoted column (its value at
 * the analysis' anchor event: a funnel's entry, a retention cohort's start), a person property or
 * an account trait; the top `limit` values by units, then "other" (DESIGN §6).
 */
export const breakdownSchema = z.strictObject({
  property: propertyNameSchema,
  limit: z.number().int().min(1).max(50).default(10),
});
export type Breakdown = z.infer<typeof breakdownSchema>;
/** The "other" bucket of a breakdown, as a drilldown names it: every value outside the top N. */
export const OTHER_VALUE = "$other";

/**
 * The value `v` of a row `a` whose unit key is `a.p`, as a subquery of one row for a lateral join
 * (breakdownJoin): an event property at the events of the unit matching `matchers` at the instant
 * `at` (the smallest when several), a person property, an account trait (unit accounts: the
 * account's; persons: their account with the smallest id). `within`, when given, is a range `at`
 * is always in.
 *
 * Joined inside the CTE that makes the rows, not looked up from them afterwards: on Citus that CTE
 * runs in each shard with the unit's events and person (a lookup from a CTE's rows cannot be pushed
 * down), and on one server it is the same index probe per row as a scalar subquery.
 */
export function breakdownValueAt(
  property: string,
  scope: { projectId: number; unit: Unit; at: SQL; matchers: Matcher[]; within?: { from: string; to: string } },
): SQL {
  const ref = parseProperty(property);
  const { projectId, unit } = scope;
  if (ref.kind === "account" && unit === "accounts") {
    return sql`select traits ->> ${ref.key} as v from accounts where id = a.p`;
  }
  if (ref.kind === "person" && unit === "persons") {
    return sql`select properties ->> ${ref.key} as v from persons where id = a.p`;
  }
  if (ref.kind === "account") {
    return sql`select (array_agg(t.traits ->> ${ref.key} order by t.id))[1] as v
                from account_members m join accounts t on t.id = m.account_id
                where m.project_id = ${projectId} and m.person_id = a.p`;
  }
  const value = propertyText(ref, { events: "e", personId: sql`e.person_id`, projectId });
  // `within`: the range `at` is known to be in, said so the planner keeps only its partitions.
  const within = scope.within
    ? sql` and e.timestamp >= ${scope.within.from}::timestamptz and e.timestamp < ${scope.within.to}::timestamptz`
    : sql``;
  return sql`select min(${value}) as v from events e where e.project_id = ${projectId}
              and ${isOfUnit(unit, projectId, sql`e.person_id`, sql`a.p`)}
              and e.timestamp = ${scope.at}${within} and ${matchesAny(projectId, scope.matchers)}`;
}

/** The lateral join that gives each row `a` its breakdown value `bv.v` (breakdownValueAt), or nothing. */
export function breakdownJoin(value: SQL | null): { column: SQL; join: SQL } {
  if (!value) return { column: sql``, join: sql`` };
  return { column: sql`, bv.v`, join: sql` left join lateral (${value}) bv on true` };
}

/**
 * CTEs over `source` (rows `a` with a unit key `p` and a value `v`, from breakdownJoin): `top` (the
 * top `limit` values by rows, no value last among equals) and `grouped` (each row with `kept`:
 * whether its value is in the top). The top is computed once and looked up hashed.
 */
export function breakdownCtes(source: string, limit: number): SQL {
  return sql`top as materialized (select v from ${sql.raw(source)} group by v order by count(*) desc, v nulls last limit ${limit}),
    grouped as (select a.*, ${inTop(sql`a.v`)} as kept from ${sql.raw(source)} a)`;
}

/** Whether a value is one of the `top` CTE's (no value included, when it is one of them). */
export function inTop(value: SQL): SQL {
  return sql`coalesce(${value} in (select v from top where v is not null), ${value} is null and (select bool_or(v is null) from top))`;
}

/** A drilldown's condition on one breakdown value: the value, no value (null), or "other". */
export function breakdownValueCondition(value: SQL, wanted: string | null): SQL {
  if (wanted === OTHER_VALUE) return sql`not ${inTop(value)}`;
  if (wanted === null) return sql`${value} is null`;
  return sql`${value} = ${wanted}`;
}
