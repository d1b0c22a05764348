import "server-only";
import { sql } from "drizzle-orm";
import { citusMarked, type Db, rows } from "@/db/connect";
import { listDeploys } from "@/lib/deploys/deploys";
import type { Project } from "@/lib/projects/projects";
import { breakdownValueAt } from "../breakdown";
import { ANY_EVENT } from "../common";
import { checkEmbeddedBudget } from "../embedded-budget";
import { compileMatchers, type Matcher } from "../matchers";
import { getResultMeta, IDENTITY_NOTE } from "../meta";
import { readOnly } from "../read-only";
import type { RetentionParams, RetentionPersonsParams } from "./params";
import {
  buildRetentionQuery,
  cohortPeriodsQuery,
  type MemberValue,
  memberValue,
  type RetentionScope,
  readsEvents,
} from "./query";
import { type RetentionResult, type RetentionRow, toRetentionResult } from "./result";

/** The longest period, to bound the reads of return events after the last cohort. */
const PERIOD_MS = { day: 25 * 3_600_000, week: 7 * 86_400_000 + 3_600_000, month: 31 * 86_400_000 + 3_600_000 };

/** What a retention query needs before its SQL: the events' ids, the cohorts, and the embedded database's budget (the events it reads). */
export async function prepareRetention(
  db: Db,
  project: Project,
  params: RetentionParams | RetentionPersonsParams,
): Promise<RetentionScope> {
  const [start, returns] = (await Promise.all([
    compileMatchers(db, project.id, [params.startEvent]),
    compileMatchers(db, project.id, [params.returnEvent]),
  ])) as [Matcher[], Matcher[]];
  const horizon = params.bounded
    ? new Date(Date.parse(params.to) + (params.periods + 1) * PERIOD_MS[params.period]).toISOString()
    : new Date().toISOString();
  const reads = readsEvents({ ...params, start, returns });
  await checkEmbeddedBudget(
    db,
    project.id,
    [
      ...(reads.starts ? start.map((m) => ({ eventId: m.eventId, from: params.from, to: params.to })) : []),
      ...(reads.returns ? returns.map((m) => ({ eventId: m.eventId, from: params.from, to: horizon })) : []),
    ].filter((scan) => scan.eventId !== -1),
  );
  const cohorts = await rows<{ c: string; next: string }>(
    db,
    cohortPeriodsQuery({ period: params.period, from: params.from, to: params.to, timeZone: project.timeZone }),
  );
  return {
    cohorts,
    citus: citusMarked(db),
    from: params.from,
    to: params.to,
    period: params.period,
    periods: params.periods,
    mode: params.mode,
    bounded: params.bounded,
    unit: params.unit,
    projectId: project.id,
    timeZone: project.timeZone,
    start,
    returns,
  };
}

/** The breakdown value of a cohort member `a` (at its first start event in the cohort), or none. */
export function retentionBreakdownValue(
  scope: RetentionScope,
  params: RetentionParams | RetentionPersonsParams,
): MemberValue | null {
  const { breakdown } = params;
  if (!breakdown) return null;
  return memberValue(scope, breakdown.property, () =>
    breakdownValueAt(breakdown.property, {
      projectId: scope.projectId,
      unit: scope.unit,
      at: sql`a.t0`,
      matchers: scope.start,
      // A member's first start event is in its cohort: the probe reads the cohorts' partitions only.
      within: { from: scope.cohorts[0]?.c ?? scope.from, to: scope.cohorts.at(-1)?.next ?? scope.from },
    }),
  );
}

const eventLabel = (event: { event: string }) => (event.event === ANY_EVENT ? "any event" : event.event);

/** POST …/query {kind: "retention"}: DESIGN §5.2, computed as lib/analytics/retention/query.ts says. */
export async function getRetention(db: Db, project: Project, params: RetentionParams): Promise<RetentionResult> {
  return readOnly(db, async (tx) => {
    const scope = await prepareRetention(tx, project, params);
    const value = retentionBreakdownValue(scope, params);
    const [row] = await rows<RetentionRow>(
      tx,
      buildRetentionQuery({
        ...scope,
        breakdown: value && params.breakdown ? { value, limit: params.breakdown.limit } : null,
      }),
    );
    const result = row as RetentionRow;
    const first = result.periods[0]?.[0] ?? params.from;
    const last = result.periods.at(-1)?.[1] ?? params.to;
    const meta = {
      ...(await getResultMeta(tx, project, params.from, params.to)),
      unit: params.unit,
      mode: params.mode,
      bounded: params.bounded,
      startEvent: eventLabel(params.startEvent),
      returnEvent: eventLabel(params.returnEvent),
      identity: IDENTITY_NOTE,
    };
    return toRetentionResult(params, result, meta, await listDeploys(tx, project.id, first, last));
  });
}
