import { queryParamsSchema, runQuery } from "@/lib/analytics/run-query";
import { readJson } from "@/lib/http/body";
import { invalidParams } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";

/** POST /api/v1/projects/{project}/query: every analysis, told apart by `kind` (docs/api.md). */
export const POST = withProject("query:read", async ({ request, db, project, pii }) => {
  const parsed = queryParamsSchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  return Response.json(await runQuery(db, project, parsed.data, pii));
});
