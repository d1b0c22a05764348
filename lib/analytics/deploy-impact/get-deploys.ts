import "server-only";
import type { Db } from "@/db/connect";
import { type Deploy, listDeploys } from "@/lib/deploys/deploys";
import type { Project } from "@/lib/projects/projects";
import type { ResultMeta } from "../common";
import { getResultMeta } from "../meta";
import { readOnly } from "../read-only";
import { type ImpactCacheEntry, storeImpacts } from "./cache";
import { computeDeployImpact } from "./get-deploy-impact";
import type { DeploysParams } from "./params";
import type { DeployImpactResult, ImpactBadge } from "./result";

const DEFAULT_DAYS = 90;

export type DeploysResult = {
  /** Without `badges`, each deploy's badge is null and its counts 0. */
  deploys: (Deploy & { badge: ImpactBadge | null; headline: string | null; changes: number; followedBy: number })[];
  meta: ResultMeta;
};

/**
 * POST …/query {kind: "deploys"}: the deploys of [from, to) (the last 90 days by default), newest
 * first, each badged by the same deploy impact code as its own page (its first change as headline).
 */
export async function getDeploys(db: Db, project: Project, params: DeploysParams): Promise<DeploysResult> {
  const computed: ImpactCacheEntry[] = [];
  // What was computed is kept even when a later deploy's computation fails.
  try {
    return await listWithBadges(db, project, params, computed);
  } finally {
    await storeImpacts(db, computed);
  }
}

function listWithBadges(
  db: Db,
  project: Project,
  params: DeploysParams,
  computed: ImpactCacheEntry[],
): Promise<DeploysResult> {
  return readOnly(db, async (tx) => {
    const to = params.to ?? new Date(Date.now() + 60_000).toISOString();
    const from = params.from ?? new Date(Date.parse(to) - DEFAULT_DAYS * 86_400_000).toISOString();
    const deploys = (await listDeploys(tx, project.id, from, to)).reverse();
    const badged = [];
    for (const deploy of deploys) {
      if (!params.badges) {
        badged.push({ ...deploy, badge: null, headline: null, changes: 0, followedBy: 0 });
        continue;
      }
      const impact: DeployImpactResult = await computeDeployImpact(
        tx,
        project,
        {
          kind: "deploy_impact",
          deploy: deploy.id,
          window: params.window,
          weeks: 4,
        },
        computed,
      );
      const first = impact.changes.find((c) => !c.global);
      badged.push({
        ...deploy,
        badge: impact.badge,
        headline: first?.headline ?? null,
        changes: impact.changes.filter((c) => !c.global).length,
        followedBy: impact.followedBy.length,
      });
    }
    return { deploys: badged, meta: await getResultMeta(tx, project, from, to) };
  });
}
