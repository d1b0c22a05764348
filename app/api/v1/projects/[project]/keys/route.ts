import { z } from "zod";
import { apiKeyScopes } from "@/db/schema/api-keys";
import { recordAudit } from "@/lib/audit/audit-log";
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";
import { auditBy } from "@/lib/http/audit-context";
import { readJson } from "@/lib/http/body";
import { invalidParams } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";

/** GET …/keys: the project's keys, revoked ones too (never their hashes). */
export const GET = withProject("admin", async ({ db, project }) =>
  Response.json({ keys: await listApiKeys(db, project.id) }),
);

const keySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1),
});

/** POST …/keys {name, scopes}: a secret key, answered once (stored hashed). */
export const POST = withProject("admin", async (context) => {
  const { request, db, project } = context;
  const parsed = keySchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  const scopes = [...new Set(parsed.data.scopes)];
  const { id, token } = await createApiKey(db, {
    projectId: project.id,
    kind: "secret",
    name: parsed.data.name,
    scopes,
  });
  await recordAudit(
    db,
    auditBy(context)({ action: "key_created", target: token.slice(0, 9), details: { name: parsed.data.name, scopes } }),
  );
  return Response.json({ id, token, prefix: token.slice(0, 9), scopes }, { status: 201 });
});
