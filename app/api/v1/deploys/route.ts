import { recordDeploy } from "@/lib/deploys/deploys";
import { deployParamsSchema } from "@/lib/deploys/params";
import { readJson } from "@/lib/http/body";
import { invalidParams } from "@/lib/http/errors";
import { withApiKey } from "@/lib/http/with-project";

/**
 * POST /api/v1/deploys: records a deploy marker for the key's project. Idempotent on
 * (service, environment, version): 201 the first time, 200 with the same deploy after.
 */
export const POST = withApiKey("deploys:write", async ({ request, db, projectId }) => {
  const parsed = deployParamsSchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  const { deploy, created } = await recordDeploy(db, projectId, parsed.data);
  return Response.json(deploy, { status: created ? 201 : 200 });
});
