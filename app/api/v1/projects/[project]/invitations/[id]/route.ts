import { recordAudit } from "@/lib/audit/audit-log";
import { revokeInvitation } from "@/lib/auth/invitations";
import { auditBy } from "@/lib/http/audit-context";
import { ApiError } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";

/** DELETE …/invitations/{id}: the link stops working. */
export const DELETE = withProject<{ project: string; id: string }>("admin", async (context) => {
  const { db, project, params } = context;
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || !(await revokeInvitation(db, project.id, id))) {
    throw new ApiError(404, "invitation_not_found", "No open invitation with this id.");
  }
  await recordAudit(db, auditBy(context)({ action: "member_removed", target: `invitation:${id}` }));
  return new Response(null, { status: 204 });
});
