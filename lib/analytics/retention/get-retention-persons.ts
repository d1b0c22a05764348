import "server-only";
import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { ApiError } from "@/lib/http/errors";
import type { PiiAccess } from "@/lib/persons/pii";
import type { Project } from "@/lib/projects/projects";
import { breakdownCtes, breakdownValueCondition, OTHER_VALUE } from "../breakdown";
import { isoUtc } from "../common";
import { keysetPage } from "../cursor";
import { matchesAny } from "../matchers";
import { type AccountSummary, type PersonSummary, unitSummaries } from "../persons";
import { readOnly } from "../read-only";
import { isOfUnit, unitKey } from "../units";
import { prepareRetention, retentionBreakdownValue } from "./get-retention";
import type { RetentionPersonsParams } from "./params";
import { membersCte, periodStartAfter } from "./query";

/** Where a cell's unit did what counted: its first start event in the cohort, its first return in the cell. */
type CellMoments = { startedAt: string; returnedAt: string | null };

export type RetentionPersons = {
  /** The cell's period, [from, to) (bounded; unbounded: from on), to open timelines there. */
  cell: { from: string; to: string };
  persons: (PersonSummary & CellMoments)[];
  accounts: (AccountSummary & CellMoments)[];
  nextCursor: string | null;
};

/**
 * POST …/query {kind: "retention_persons"}: the units behind one cell, from the same members the
 * triangle counts (so walking every page gives exactly the cell): `retained` at period k did the
 * return event in the cohort's period k (bounded) or in k or later (unbounded); `lost` did not.
 * Period 0 is the whole cohort. A cohort that is not one of the range's, or a period that has not
 * ended, is a 400: that cell is not in the triangle.
 */
export async function getRetentionPersons(
  db: Db,
  project: Project,
  params: RetentionPersonsParams,
  access: PiiAccess,
): Promise<RetentionPersons> {
  return readOnly(db, async (tx) => {
    const all = await prepareRetention(tx, project, params);
    const picked = all.cohorts.filter((c) => Date.parse(c.c) === Date.parse(params.cohort));
    // The members of the picked cohort only (first-time membership is the same whatever the
    // range), except for "other", whose top N is over every cohort's members.
    const scope = params.breakdownValue === OTHER_VALUE ? all : { ...all, cohorts: picked };
    const k = params.periodIndex;
    const cohort = sql`${params.cohort}::timestamptz`;
    const cellStart = periodStartAfter(cohort, sql`${k}`, scope);
    const cellEnd = periodStartAfter(cohort, sql`${k + 1}`, scope);
    const [check] = await rows<{ ended: boolean; from: string; to: string }>(
      tx,
      sql`select ${cellEnd} <= now() as ended, ${isoUtc(cellStart)} as "from", ${isoUtc(cellEnd)} as "to"`,
    );
    if (picked.length === 0 || !check) {
      throw new ApiError(400, "invalid_params", "cohort: is not the start of one of the range's cohorts", [
        { field: "cohort", reason: "is not the start of one of the range's cohorts" },
      ]);
    }
    if (k > 0 && !check.ended) {
      throw new ApiError(400, "invalid_params", "periodIndex: this period has not ended yet", [
        { field: "periodIndex", reason: "this period has not ended yet" },
      ]);
    }
    const value = retentionBreakdownValue(scope, params);
    const byValue =
      value && params.breakdown && params.breakdownValue !== undefined
        ? {
            ctes: sql`, ${breakdownCtes("members", params.breakdown.limit)}`,
            where: breakdownValueCondition(sql`a.v`, params.breakdownValue),
          }
        : null;
    // A member's first return event in the cell (none asked for at k = 0: the cohort's own period):
    // a probe per member, or on Citus for accounts every account's first, grouped once (a probe by
    // account cannot be pushed down to the shards, which hold persons).
    const inCell = sql`e.project_id = ${scope.projectId} and ${matchesAny(scope.projectId, scope.returns)}
      and e.timestamp >= ${cellStart} ${scope.bounded ? sql`and e.timestamp < ${cellEnd}` : sql``}`;
    const { key, membership } = unitKey(scope.unit);
    const returned =
      k === 0
        ? { column: sql`, null::timestamptz as returned`, join: sql`` }
        : scope.citus && scope.unit === "accounts"
          ? {
              column: sql`, rt.t as returned`,
              join: sql` left join (select ${key} as p, min(e.timestamp) as t from events e ${membership}
                  where ${inCell} group by 1) rt on rt.p = a.p`,
            }
          : {
              column: sql`, rt.t as returned`,
              join: sql` left join lateral (select min(e.timestamp) as t from events e
                  where ${inCell} and ${isOfUnit(scope.unit, scope.projectId, sql`e.person_id`, sql`a.p`)}) rt on true`,
            };
    const status =
      k === 0 ? sql`` : params.status === "retained" ? sql`and returned is not null` : sql`and returned is null`;
    const page = await rows<{ p: string; startedAt: string; returnedAt: string | null }>(
      tx,
      sql`with ${membersCte(scope, [returned], byValue ? value : null)}${byValue?.ctes ?? sql``}
        select p::text as p, ${isoUtc(sql`t0`)} as "startedAt", ${isoUtc(sql`returned`)} as "returnedAt" from (
          select a.p, a.t0, a.returned
          from members a
          where a.c = ${cohort} ${byValue ? sql`and ${byValue.where}` : sql``}
            ${params.cursor ? sql`and a.p > ${params.cursor[0]}` : sql``}
        ) cell
        where true ${status}
        order by p limit ${params.limit + 1}`,
    );
    const { shown, nextCursor } = keysetPage(page, params.limit, (last) => [Number(last.p)]);
    const units = await unitSummaries(
      tx,
      project.id,
      params.unit,
      shown.map((row) => ({ id: String(row.p), extra: { startedAt: row.startedAt, returnedAt: row.returnedAt } })),
      access,
    );
    return { cell: { from: check.from, to: check.to }, ...units, nextCursor };
  });
}
