import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type PropertyScope, parseProperty, propertyNameSchema, propertyText } from "./properties";

/**
 * `where: [{property, op, value}]` (DESIGN §6), the same in every analysis: all must hold. Values
 * compare as text (`5` equals `"5"`), `gt`/`lt` as numbers (a value that is not a number never
 * passes), `contains` ignores case. The negative operators (`neq`, `not_contains`) also pass
 * where the property is unset, as "is not" reads. An `account.*` filter passes when any of the
 * person's accounts passes (for the negative operators: when none of them has the value).
 * docs/api.md#filters.
 */
export const filterOps = ["eq", "neq", "contains", "not_contains", "gt", "lt", "in", "is_set", "is_not_set"] as const;
export type FilterOp = (typeof filterOps)[number];

const scalar = z.union([z.string().max(1_000), z.number(), z.boolean()]);

export const filterSchema = z
  .strictObject({
    property: propertyNameSchema,
    op: z.enum(filterOps),
    value: z
      .union([
        scalar,
        z
          .array(z.union([z.string().max(1_000), z.number()]))
          .min(1)
          .max(100),
      ])
      .optional(),
  })
  .superRefine((f, ctx) => {
    const needs = f.op === "is_set" || f.op === "is_not_set" ? "none" : f.op === "in" ? "list" : "one";
    const bad =
      (needs === "none" && f.value !== undefined) ||
      (needs === "list" && !Array.isArray(f.value)) ||
      (needs === "one" && (f.value === undefined || Array.isArray(f.value))) ||
      ((f.op === "gt" || f.op === "lt") && !Number.isFinite(Number(f.value)));
    if (bad) {
      const expected =
        needs === "none"
          ? "no value"
          : needs === "list"
            ? "a list of values"
            : f.op === "gt" || f.op === "lt"
              ? "a number"
              : "one value";
      ctx.addIssue({ code: "custom", message: `${f.op} takes ${expected}`, path: ["value"] });
    }
  });

export type Filter = z.infer<typeof filterSchema>;
export const whereSchema = z.array(filterSchema).max(20);

/** The filters as one condition (`true` when there are none). */
export function buildWhere(filters: Filter[] | undefined, scope: PropertyScope): SQL {
  if (!filters || filters.length === 0) return sql`true`;
  return sql.join(
    filters.map((f) => sql`(${filterCondition(f, scope)})`),
    sql` and `,
  );
}

const NEGATIVE: Partial<Record<FilterOp, FilterOp>> = { neq: "eq", not_contains: "contains", is_not_set: "is_set" };

function filterCondition(filter: Filter, scope: PropertyScope): SQL {
  const ref = parseProperty(filter.property);
  if (ref.kind !== "account") return condition(propertyText(ref, scope), filter.op, filter.value);
  const positive = NEGATIVE[filter.op] ?? filter.op;
  const anyAccount = sql`exists (select 1 from account_members m join accounts a on a.id = m.account_id
    where m.project_id = ${scope.projectId} and m.person_id = ${scope.personId}
      and ${condition(sql`a.traits ->> ${ref.key}`, positive, filter.value)})`;
  return positive === filter.op ? anyAccount : sql`not ${anyAccount}`;
}

function condition(text: SQL, op: FilterOp, value: Filter["value"]): SQL {
  switch (op) {
    case "eq":
      return sql`${text} = ${String(value)}`;
    case "neq":
      return sql`${text} is distinct from ${String(value)}`;
    case "contains":
      return sql`${text} ilike ${`%${escapeLike(String(value))}%`}`;
    case "not_contains":
      return sql`coalesce(${text}, '') not ilike ${`%${escapeLike(String(value))}%`}`;
    case "gt":
      return sql`${asNumber(text)} > ${Number(value)}`;
    case "lt":
      return sql`${asNumber(text)} < ${Number(value)}`;
    case "in":
      return sql`${text} = any(${sql.param((value as (string | number)[]).map(String))}::text[])`;
    case "is_set":
      return sql`${text} is not null`;
    case "is_not_set":
      return sql`${text} is null`;
  }
}

/** The text as a number when it is one, else null (never a cast error on "abc"). */
function asNumber(text: SQL): SQL {
  return sql`(case when ${text} ~ '^\\s*-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$' then (${text})::numeric end)`;
}

/** LIKE's wildcards taken literally (the default escape character is a backslash). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
