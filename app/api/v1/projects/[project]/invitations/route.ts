import { recordAudit } from "@/lib/audit/audit-log";
import { createInvitation, memberSchema } from "@/lib/auth/invitations";
import { auditBy } from "@/lib/http/audit-context";
import { readJson } from "@/lib/http/body";
import { invalidParams } from "@/lib/http/errors";
import { publicOrigin } from "@/lib/http/public-origin";
import { withProject } from "@/lib/http/with-project";

/**
 * POST …/invitations {email, role, canSeePii}: a one-time invite link (7 days), answered once
 * to the admin, who passes it on (there is no mail server).
 */
export const POST = withProject("admin", async (context) => {
  const { request, db, project, principal } = context;
  const parsed = memberSchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  const invitation = await createInvitation(db, {
    projectId: project.id,
    ...parsed.data,
    invitedBy: principal.kind === "user" ? principal.user.id : null,
  });
  await recordAudit(
    db,
    auditBy(context)({
      action: "member_invited",
      target: parsed.data.email.toLowerCase(),
      details: { ...parsed.data },
    }),
  );
  const link = `${publicOrigin(request)}${invitation.path}`;
  return Response.json({ id: invitation.id, link, expiresAt: invitation.expiresAt }, { status: 201 });
});
