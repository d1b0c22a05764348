import { getAccountEvents } from "@/lib/accounts/get-account";
import { parseQuery } from "@/lib/http/query-string";
import { withProject } from "@/lib/http/with-project";
import { timelineParamsSchema } from "@/lib/persons/params";

/** GET /api/v1/projects/{project}/accounts/{groupId}/events: the members' events merged, newest first. */
export const GET = withProject<{ project: string; groupId: string }>(
  "query:read",
  async ({ request, db, project, params, pii }) =>
    Response.json(await getAccountEvents(db, project, params.groupId, parseQuery(timelineParamsSchema, request), pii)),
);
