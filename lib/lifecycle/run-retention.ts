import type { Db } from "@/db/connect";
import { recordAudit } from "@/lib/audit/audit-log";
import { enforceRetention, type ProjectRetention } from "./retention";

/**
 * One retention run, scheduled (hourly, lib/startup.ts: every project) or asked for (an admin on
 * the settings page: their project only), and an audit entry for each project it removed
 * something of.
 */
export async function runRetention(
  db: Db,
  by: { actor: string; actorLabel: string; ipAddress?: string | null },
  projectId?: number,
): Promise<ProjectRetention[]> {
  const report = await enforceRetention(db, { projectId });
  for (const project of report.projects) {
    const derived = Object.values(project.derivedDeleted).reduce((sum, n) => sum + n, 0);
    if (project.eventsDeleted === 0 && project.partitionsDropped.length === 0 && derived === 0) continue;
    await recordAudit(db, {
      projectId: project.projectId,
      ...by,
      action: "retention_enforced",
      details: {
        retentionDays: project.retentionDays,
        cutoff: project.cutoff,
        partitionsDropped: project.partitionsDropped,
        eventsDeleted: project.eventsDeleted,
        derivedDeleted: project.derivedDeleted,
        done: project.done,
      },
    });
  }
  return report.projects;
}
