import { recordAudit } from "@/lib/audit/audit-log";
import { revokeApiKeys } from "@/lib/auth/api-keys";
import { auditBy } from "@/lib/http/audit-context";
import { ApiError } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";

/** DELETE …/keys/{prefix}: revokes the key (running servers refuse it within 30 s). */
export const DELETE = withProject<{ project: string; prefix: string }>("admin", async (context) => {
  const { db, project, params } = context;
  if (params.prefix.length < 9) throw new ApiError(400, "invalid_prefix", "Give the key's 9-character prefix.");
  const revoked = await revokeApiKeys(db, project.id, params.prefix);
  if (revoked === 0) throw new ApiError(404, "key_not_found", "No live key with this prefix.");
  await recordAudit(db, auditBy(context)({ action: "key_revoked", target: params.prefix.slice(0, 9) }));
  return new Response(null, { status: 204 });
});
