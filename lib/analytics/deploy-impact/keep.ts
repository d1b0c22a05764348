import "server-only";
import type { Db } from "@/db/connect";
import { listDeploys } from "@/lib/deploys/deploys";
import { getProjectById, listProjects } from "@/lib/projects/projects";
import { keptDeployImpact } from "./get-deploy-impact";
import { deployImpactParamsSchema } from "./params";

const DAY_MS = 86_400_000;
/** The deploys a list shows by default (get-deploys.ts). */
const LIST_DAYS = 90;
/** A window is left alone until an hour after it closed (late data), then kept ahead of views. */
const SETTLED_MS = 3_600_000;

/**
 * Background upkeep (lib/startup.ts): the impact of every deploy of the last 90 days whose
 * window has closed, with the parameters the deploys page asks for, is kept ahead of the first
 * view and again once a kept result is stale or a day old (cache.ts), at most `limit`
 * computations a run, newest deploys first. Checking a kept result costs a few rollup reads.
 * Returns how many were computed. `now` is the clock's (a test's).
 */
export async function keepDeployImpacts(db: Db, options: { limit?: number; now?: number } = {}): Promise<number> {
  const { limit = 4, now = Date.now() } = options;
  let computed = 0;
  for (const { id } of await listProjects(db)) {
    const project = await getProjectById(db, id);
    if (!project) continue;
    const deploys = await listDeploys(
      db,
      project.id,
      new Date(now - LIST_DAYS * DAY_MS).toISOString(),
      new Date(now).toISOString(),
    );
    for (const deploy of deploys.reverse()) {
      const params = deployImpactParamsSchema.parse({ kind: "deploy_impact", deploy: deploy.id });
      if (Date.parse(deploy.timestamp) + params.window * 1000 + SETTLED_MS > now) continue;
      if ((await keptDeployImpact(db, project, params)).computed && ++computed >= limit) return computed;
    }
  }
  return computed;
}
