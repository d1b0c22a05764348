import { getAccountActivity } from "@/lib/accounts/get-account-activity";
import { accountActivityParamsSchema } from "@/lib/accounts/params";
import { parseQuery } from "@/lib/http/query-string";
import { withProject } from "@/lib/http/with-project";

/** GET /api/v1/projects/{project}/accounts/{groupId}/activity: events and active members over time. */
export const GET = withProject<{ project: string; groupId: string }>(
  "query:read",
  async ({ request, db, project, params }) =>
    Response.json(
      await getAccountActivity(db, project, params.groupId, parseQuery(accountActivityParamsSchema, request)),
    ),
);
