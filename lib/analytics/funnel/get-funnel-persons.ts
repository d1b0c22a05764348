import "server-only";
import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import type { PiiAccess } from "@/lib/persons/pii";
import type { Project } from "@/lib/projects/projects";
import { breakdownCtes, breakdownValueCondition } from "../breakdown";
import { keysetPage } from "../cursor";
import { type AccountSummary, type PersonSummary, unitSummaries } from "../persons";
import { readOnly } from "../read-only";
import { attemptsCte, stepTerms } from "./aggregate";
import { breakdownValue, prepareFunnel } from "./get-funnel";
import type { FunnelPersonsParams } from "./params";

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
    // One breakdown value's persons: a value, no value (null), or every value outside the top N,
    // from the same CTEs the funnel's breakdown counts with.
    const byValue =
      value && params.breakdown && params.breakdownValue !== undefined
        ? {
            ctes: sql`, ${breakdownCtes("attempts", params.breakdown.limit)}`,
            where: sql`and ${breakdownValueCondition(sql`a.v`, params.breakdownValue)}`,
          }
        : null;
    const page = await rows<{ p: string; steps: (string | null)[] }>(
      tx,
      sql`with ${attemptsCte(scope, byValue ? value : null)}${byValue?.ctes ?? sql``}
        select a.p::text as p, array[${sql.join(
          terms.map(
            (t) =>
              sql`case when ${t.reached} then to_char(${t.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end`,
          ),
          sql`, `,
        )}]::text[] as steps
        from attempts a
        where ${condition} ${byValue?.where ?? sql``}
          ${params.cursor ? sql`and a.p > ${params.cursor[0]}` : sql``}
        order by a.p limit ${params.limit + 1}`,
    );
    const { shown, nextCursor } = keysetPage(page, params.limit, (last) => [Number(last.p)]);
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
