import { recordAudit } from "@/lib/audit/audit-log";
import { findUserByEmail } from "@/lib/auth/auth";
import { listInvitations, memberSchema } from "@/lib/auth/invitations";
import { listMembers, setMember } from "@/lib/auth/roles";
import { auditBy } from "@/lib/http/audit-context";
import { readJson } from "@/lib/http/body";
import { ApiError, invalidParams } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";

/** GET …/members: members and open invitations (admins). */
export const GET = withProject("admin", async ({ db, project }) =>
  Response.json({ members: await listMembers(db, project.id), invitations: await listInvitations(db, project.id) }),
);

/**
 * POST …/members {email, role, canSeePii}: an instance owner adds a user who exists. A project
 * admin invites instead: adding directly would let the admin of one project, who made an account
 * for some email through their own invitation, be let into another project under that email.
 */
export const POST = withProject("admin", async (context) => {
  const { request, db, project, principal } = context;
  if (principal.kind !== "user" || !principal.user.isOwner) {
    throw new ApiError(403, "owner_required", "Only an instance admin adds existing users directly: invite them.");
  }
  const parsed = memberSchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  const user = await findUserByEmail(db, parsed.data.email);
  if (!user) throw new ApiError(404, "user_not_found", "No user with this email: invite them instead.");
  await setMember(db, {
    projectId: project.id,
    userId: user.id,
    role: parsed.data.role,
    canSeePii: parsed.data.canSeePii,
  });
  await recordAudit(
    db,
    auditBy(context)({ action: "member_changed", target: `user:${user.id}`, details: { ...parsed.data } }),
  );
  return Response.json({ userId: user.id, ...parsed.data }, { status: 201 });
});
