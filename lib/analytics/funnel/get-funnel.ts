import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { citusMarked, type Db, rows } from "@/db/connect";
import { listDeploys } from "@/lib/deploys/deploys";
import type { Project } from "@/lib/projects/projects";
import { breakdownValueAt } from "../breakdown";
import { checkEmbeddedBudget } from "../embedded-budget";
import { getEventIds, getResultMeta, IDENTITY_NOTE } from "../meta";
import { readOnly } from "../read-only";
import { buildFunnelQuery } from "./aggregate";
import { type CompiledFunnel, compileFunnel, entryMatchers } from "./compile";
import type { FunnelParams, FunnelPersonsParams } from "./params";
import { type FunnelResult, type FunnelRow, toFunnelResult } from "./result";

/** What a funnel needs before its SQL: the steps' event ids, compiled; the embedded database's budget. */
export async function prepareFunnel(
  db: Db,
  project: Project,
  params: FunnelParams | FunnelPersonsParams,
): Promise<CompiledFunnel> {
  const names = [
    ...params.steps.flatMap((s) => s.anyOf?.map((m) => m.event) ?? [s.event as string]),
    ...(params.exclusions ?? []).map((x) => x.event),
  ];
  const ids = await getEventIds(db, project.id, names);
  const funnel = { ...compileFunnel(project.id, params, (name) => ids.get(name) ?? -1), citus: citusMarked(db) };
  const end = new Date(Date.parse(params.to) + params.window * 1000).toISOString();
  await checkEmbeddedBudget(
    db,
    project.id,
    funnel.eventIds.filter((id) => id >= 0).map((eventId) => ({ eventId, from: params.from, to: end })),
  );
  return funnel;
}

/** The breakdown value of an attempt `a` (its entry, DESIGN §5.1): an event property or column at the entry event, a person property, an account trait. */
export function breakdownValue(funnel: CompiledFunnel, params: FunnelParams | FunnelPersonsParams): SQL | null {
  if (!params.breakdown) return null;
  return breakdownValueAt(params.breakdown.property, {
    projectId: funnel.projectId,
    unit: params.unit,
    at: sql`a.t1`,
    matchers: entryMatchers(funnel, params.order),
    within: { from: params.from, to: params.to },
  });
}

/** POST …/query {kind: "funnel"}: DESIGN §5.1, computed as lib/analytics/funnel/query.ts says. */
export async function getFunnel(db: Db, project: Project, params: FunnelParams): Promise<FunnelResult> {
  return readOnly(db, async (tx) => {
    const funnel = await prepareFunnel(tx, project, params);
    const value = breakdownValue(funnel, params);
    const [row] = await rows<FunnelRow>(
      tx,
      buildFunnelQuery({
        ...params,
        funnel,
        timeZone: project.timeZone,
        breakdown: value && params.breakdown ? { value, limit: params.breakdown.limit } : null,
      }),
    );
    const meta = { ...(await getResultMeta(tx, project, params.from, params.to)), identity: IDENTITY_NOTE };
    const deploys = await listDeploys(tx, project.id, params.from, params.to);
    return toFunnelResult(funnel, params, row as FunnelRow, meta, Date.now(), deploys);
  });
}
