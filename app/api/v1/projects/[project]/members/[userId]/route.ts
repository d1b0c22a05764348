import { z } from "zod";
import { memberRoles } from "@/db/schema/users";
import { recordAudit } from "@/lib/audit/audit-log";
import { listMembers, removeMember, setMember } from "@/lib/auth/roles";
import { auditBy } from "@/lib/http/audit-context";
import { readJson } from "@/lib/http/body";
import { ApiError, invalidParams } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";

type Params = { project: string; userId: string };

const changeSchema = z.strictObject({ role: z.enum(memberRoles), canSeePii: z.boolean() });

/** PATCH …/members/{userId} {role, canSeePii}: an admin changes a member's role or permission. */
export const PATCH = withProject<Params>("admin", async (context) => {
  const { request, db, project, params } = context;
  const parsed = changeSchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  const member = (await listMembers(db, project.id)).find((m) => m.userId === params.userId);
  if (!member) throw new ApiError(404, "member_not_found", "No such member of this project.");
  await setMember(db, { projectId: project.id, userId: params.userId, ...parsed.data });
  await recordAudit(
    db,
    auditBy(context)({
      action: "member_changed",
      target: `user:${params.userId}`,
      details: { email: member.email, ...parsed.data },
    }),
  );
  return Response.json({ userId: params.userId, ...parsed.data });
});

/** DELETE …/members/{userId}: removes a member (their sessions stay, this project is gone from them). */
export const DELETE = withProject<Params>("admin", async (context) => {
  const { db, project, params } = context;
  if (!(await removeMember(db, project.id, params.userId))) {
    throw new ApiError(404, "member_not_found", "No such member of this project.");
  }
  await recordAudit(db, auditBy(context)({ action: "member_removed", target: `user:${params.userId}` }));
  return new Response(null, { status: 204 });
});
