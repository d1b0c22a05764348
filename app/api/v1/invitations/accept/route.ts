import { z } from "zod";
import { getDb } from "@/db/client";
import { recordAudit } from "@/lib/audit/audit-log";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/auth";
import { acceptInvitation } from "@/lib/auth/invitations";
import { sessionUser } from "@/lib/auth/session";
import { isSameOrigin } from "@/lib/http/authenticate";
import { readJson } from "@/lib/http/body";
import { ApiError, errorResponse, invalidParams } from "@/lib/http/errors";

const acceptSchema = z.strictObject({
  token: z.string().min(16).max(200),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH).optional(),
  name: z.string().trim().min(1).max(100).optional(),
});

/**
 * POST /api/v1/invitations/accept {token, password?, name?}: the invite link's token is the
 * credential. A new email chooses a password (then signs in); an email that has a user joins
 * with that user's session.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    if (!isSameOrigin(request.headers)) {
      throw new ApiError(403, "cross_origin", "Accept an invitation from its page.");
    }
    const db = await getDb();
    const parsed = acceptSchema.safeParse(await readJson(request));
    if (!parsed.success) throw invalidParams(parsed.error);
    const { token, password, name } = parsed.data;
    const user = await sessionUser(db, request.headers);
    const who = user ? { signedInUserId: user.id } : password ? { password, name } : null;
    if (!who) throw new ApiError(400, "password_required", "Choose a password, or sign in first.");
    const accepted = await acceptInvitation(db, token, who);
    if (!accepted) {
      throw new ApiError(404, "invitation_not_found", "This invitation is used, revoked, expired or for someone else.");
    }
    await recordAudit(db, {
      projectId: accepted.projectId,
      actor: `user:${accepted.userId}`,
      actorLabel: accepted.email,
      action: "member_joined",
      target: `user:${accepted.userId}`,
      details: { role: accepted.role },
    });
    return Response.json({ email: accepted.email, role: accepted.role });
  } catch (error) {
    return errorResponse(error);
  }
}
