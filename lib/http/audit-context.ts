import { type AuditEntry, recordPiiView } from "@/lib/audit/audit-log";
import { describePrincipal } from "./authenticate";
import { clientAddress } from "./client-address";
import type { ProjectContext } from "./with-project";

/** The audit entry's who, where and which project, from a handler's context. */
export function auditBy(context: Pick<ProjectContext, "principal" | "project" | "request">) {
  const { actor, label } = describePrincipal(context.principal);
  return (entry: Omit<AuditEntry, "projectId" | "actor" | "actorLabel" | "ipAddress">): AuditEntry => ({
    ...entry,
    projectId: context.project.id,
    actor,
    actorLabel: label,
    ipAddress: clientAddress(context.request.headers),
  });
}

/** Records that this caller saw a profile's personal data (nothing when it was masked for them). */
export async function auditPiiView(
  context: Pick<ProjectContext, "principal" | "project" | "request" | "db" | "pii">,
  target: string,
) {
  if (!context.pii.canSeePii) return;
  const { actor, label } = describePrincipal(context.principal);
  await recordPiiView(context.db, {
    projectId: context.project.id,
    actor,
    actorLabel: label,
    target,
    ipAddress: clientAddress(context.request.headers),
  });
}
