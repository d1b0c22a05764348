import "server-only";
import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { getDeploy, listDeploys } from "@/lib/deploys/deploys";
import { ApiError } from "@/lib/http/errors";
import type { Project } from "@/lib/projects/projects";
import { firstDataOf } from "../anomalies/get-anomalies";
import { getEventIds, getLastReceivedAt, getResultMeta } from "../meta";
import { readOnly } from "../read-only";
import { analyzeImpact, type ConversionRows } from "./analyze";
import {
  type CachedImpact,
  type ImpactCacheEntry,
  impactFingerprint,
  impactParamsKey,
  readCachedImpact,
  storeImpacts,
} from "./cache";
import type { CountRow } from "./counts";
import { type DeployImpactParams, impactDimensions } from "./params";
import { buildImpactConversionQuery, buildImpactCountsQuery, buildImpactPlanCountsQuery, impactWindows } from "./query";
import { badgeOf, type DeployImpactResult, headlineOf } from "./result";

const HOUR = 3_600_000;

/**
 * POST …/query {kind: "deploy_impact"}: DESIGN §5.4. The window after the deploy (cut to the data
 * received so far) against the same hours of each of the previous `weeks` weeks: every event's
 * total, every segment of every dimension, the key conversions (settings.keyEvents, in order),
 * as lib/analytics/deploy-impact/analyze.ts judges them. An unknown deploy is a 404. A result
 * computed before is used while its inputs are unchanged (cache.ts).
 */
export async function getDeployImpact(
  db: Db,
  project: Project,
  params: DeployImpactParams,
): Promise<DeployImpactResult> {
  return (await keptDeployImpact(db, project, params)).result;
}

/** A deploy's impact in a read-only transaction of its own, stored after it when it had to be computed (`computed`). */
export async function keptDeployImpact(
  db: Db,
  project: Project,
  params: DeployImpactParams,
): Promise<{ result: DeployImpactResult; computed: boolean }> {
  const computed: ImpactCacheEntry[] = [];
  const result = await readOnly(db, (tx) => computeDeployImpact(tx, project, params, computed));
  await storeImpacts(db, computed);
  return { result, computed: computed.length > 0 };
}

/** A deploy's impact, from the cache when its fingerprint matches; what had to be computed is added to `computed`. */
export async function computeDeployImpact(
  db: Db,
  project: Project,
  params: DeployImpactParams,
  computed: ImpactCacheEntry[],
): Promise<DeployImpactResult> {
  const { deploy, start, requestedEnd, seconds } = await judgedWindow(db, project, params);
  const windows = impactWindows(deploy.timestamp, seconds, params.weeks);
  const window = {
    from: deploy.timestamp,
    to: new Date(start + seconds * 1000).toISOString(),
    seconds,
    requestedSeconds: params.window,
  };
  const followedBy = (
    await listDeploys(db, project.id, new Date(start + 1).toISOString(), new Date(requestedEnd).toISOString())
  ).filter((d) => d.id !== deploy.id);
  const meta = await getResultMeta(db, project, window.from, window.to);
  const firstData = await firstDataOf(db, project.id, null);
  const names = await rows<{ id: number; name: string }>(
    db,
    sql`select id, name from event_definitions where project_id = ${project.id}`,
  );
  const ids = names.map((n) => n.id);
  const key = { deployId: deploy.id, params: impactParamsKey(params) };
  const fingerprint = await impactFingerprint(db, {
    projectId: project.id,
    eventIds: ids,
    windows,
    seconds,
    keyEvents: (project.settings.keyEvents ?? []).map((name) => [name, names.find((n) => n.name === name)?.id ?? null]),
    followedBy: followedBy.map((d) => d.id),
    firstData,
  });
  const cached = await readCachedImpact(db, { ...key, fingerprint });
  if (cached) return { ...cached.result, deploy, followedBy, window, meta: { ...meta, computedAt: cached.computedAt } };

  const missingWeeks = new Set(windows.filter((w) => w.k > 0 && (!firstData || w.from < firstData)).map((w) => w.k));
  const base = { deploy, window, followedBy };
  const empty = { expected: null, observed: 0, change: null, anomaly: false };
  const tested = { totals: 0, segments: 0, conversions: 0, baselineWeeks: params.weeks - missingWeeks.size };
  let result: CachedImpact;
  if (seconds < 3_600) result = { ...base, badge: "pending", traffic: empty, changes: [], tested };
  else if (params.weeks - missingWeeks.size < 3)
    result = { ...base, badge: "insufficient", traffic: empty, changes: [], tested };
  else {
    const dimensions = params.dimensions ?? [...impactDimensions];
    const counts = [
      ...(await rows<CountRow>(db, buildImpactCountsQuery(project.id, windows, dimensions, ids))),
      ...(dimensions.includes("account.plan")
        ? await rows<CountRow>(db, buildImpactPlanCountsQuery(project.id, windows, ids))
        : []),
    ];
    const conversions = await keyConversions(db, project, windows);
    const analysis = analyzeImpact({
      counts,
      eventNames: new Map(names.map((n) => [n.id, n.name])),
      conversions,
      weeks: params.weeks,
      missingWeeks,
    });
    const label = `${deploy.service}@${deploy.version}`;
    result = {
      ...base,
      badge: badgeOf(analysis.changes),
      traffic: analysis.traffic,
      changes: analysis.changes.map((c) => ({ ...c, headline: headlineOf(c, label) })),
      tested: { ...tested, ...analysis.tested, conversions: conversions.length },
    };
  }
  computed.push({ ...key, projectId: project.id, fingerprint, result, computedAt: meta.computedAt });
  return { ...result, meta };
}

/**
 * The deploy (a 404 when it is not the project's) and the part of the window after it that data
 * has arrived for, in whole hours: a window still open is judged on its hours so far.
 */
export async function judgedWindow(db: Db, project: Project, params: { deploy: number; window: number }) {
  const deploy = await getDeploy(db, project.id, params.deploy);
  if (!deploy) throw new ApiError(404, "deploy_not_found", `There is no deploy ${params.deploy} in this project`);
  const start = Date.parse(deploy.timestamp);
  const requestedEnd = start + params.window * 1000;
  const lastReceivedAt = await getLastReceivedAt(db, project.id);
  const received = lastReceivedAt ? Date.parse(lastReceivedAt) : start;
  const seconds = Math.max(0, Math.floor((Math.min(requestedEnd, received, Date.now()) - start) / HOUR) * 3_600);
  return { deploy, start, requestedEnd, seconds };
}

/** The key conversions: each key event to the next (settings.keyEvents, in order), per window. */
async function keyConversions(
  db: Db,
  project: Project,
  windows: ReturnType<typeof impactWindows>,
): Promise<ConversionRows[]> {
  const keyEvents = project.settings.keyEvents ?? [];
  const ids = await getEventIds(db, project.id, keyEvents);
  const result: ConversionRows[] = [];
  for (let i = 0; i + 1 < keyEvents.length; i++) {
    const [from, to] = [keyEvents[i] as string, keyEvents[i + 1] as string];
    const [a, b] = [ids.get(from), ids.get(to)];
    if (a === undefined || b === undefined) continue;
    result.push({ from, to, rows: await rows(db, buildImpactConversionQuery(project.id, windows, a, b)) });
  }
  return result;
}
