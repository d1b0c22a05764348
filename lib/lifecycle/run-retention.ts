import type { Db } from "@/db/connect";
import { recordAudit } from "@/lib/audit/audit-log";
import { enforceRetention, type ProjectRetention } from "./retention";

/**
 * One retention run, scheduled (hourly, lib/startup.ts) or asked for (an admin, the settings
 * page): enforceRetention for every project (a shared partition is dropped only when it is
 * expired for all), and an audit entry for each project it removed something of.
 */
export async function runRetention(
  db: Db,
  by: { actor: string; actorLabel: string; ipAddress?: string | null },
): Promise<ProjectRetention[]> {
  const report = await enforceRetention(db);
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
