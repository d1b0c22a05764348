import "server-only";
import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import type { PiiAccess } from "@/lib/persons/pii";
import type { Project } from "@/lib/projects/projects";
import { breakdownValueCondition } from "../breakdown";
import { encodeCursor } from "../cursor";
import { type AccountSummary, type PersonSummary, unitSummaries } from "../persons";
import { readOnly } from "../read-only";
import { attemptsCte, stepTerms } from "./aggregate";
import { breakdownValue, prepareFunnel } from "./get-funnel";
import { type FunnelPersonsParams, OTHER_VALUE } from "./params";

export type FunnelPersons = {
  /** Unit persons: who reached (or dropped at) the step, with their attempt's step times (null: not done). */
  persons: (PersonSummary & { steps: (string | null)[] })[];
  /** Unit accounts: the accounts instead, with the same step times. */
  accounts: (AccountSummary & { steps: (string | null)[] })[];
  nextCursor: string | null;
};

/**
 * POST …/query {kind: "funnel_persons"}: the persons behind one number of the funnel, from the
 * same `attempts` the chart counts (so walking every page gives exactly its count): `converted`
 * reached step k, `dropped` reached the step before it (the last required one) and not k.
 * Keyset on the person (or account) id.
 */
export async function getFunnelPersons(
  db: Db,
  project: Project,
  params: FunnelPersonsParams,
  access: PiiAccess,
): Promise<FunnelPersons> {
  return readOnly(db, async (tx) => {
    const funnel = await prepareFunnel(tx, project, params);
    const scope = { ...params, funnel };
    const terms = stepTerms(scope);
    const here = terms[params.step - 1]?.reached ?? sql`false`;
    // The step this one's conversion is counted from: the last required step before it.
    let previous = params.step - 2;
    while (previous > 0 && funnel.steps[previous]?.optional) previous--;
    const condition =
      params.status === "converted" ? here : sql`(${terms[previous]?.reached ?? sql`false`}) and not (${here})`;
    const value = breakdownValue(funnel, params);
    // One breakdown value's persons: a value, no value (null), or every value outside the top N.
    let byValue = sql``;
    let top = sql``;
    if (value && params.breakdown && params.breakdownValue !== undefined) {
      if (params.breakdownValue === OTHER_VALUE) {
        top = sql`, top as materialized (select ${value} as v from attempts a group by 1
                    order by count(*) desc, 1 nulls last limit ${params.breakdown.limit})`;
      }
      byValue = sql`and ${breakdownValueCondition(value, params.breakdownValue)}`;
    }
    const page = await rows<{ p: string; steps: (string | null)[] }>(
      tx,
      sql`with ${attemptsCte(scope)}${top}
        select a.p::text as p, array[${sql.join(
          terms.map(
            (t) =>
              sql`case when ${t.reached} then to_char(${t.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end`,
          ),
          sql`, `,
        )}]::text[] as steps
        from attempts a
        where ${condition} ${byValue}
          ${params.cursor ? sql`and a.p > ${params.cursor[0]}` : sql``}
        order by a.p limit ${params.limit + 1}`,
    );
    const shown = page.slice(0, params.limit);
    const last = shown.at(-1);
    const nextCursor = page.length > params.limit && last ? encodeCursor([Number(last.p)]) : null;
    const units = await unitSummaries(
      tx,
      project.id,
      params.unit,
      shown.map((row) => ({ id: row.p, extra: { steps: row.steps } })),
      access,
    );
    return { ...units, nextCursor };
  });
}
