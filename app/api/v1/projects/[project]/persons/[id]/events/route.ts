import { parseQuery } from "@/lib/http/query-string";
import { withProject } from "@/lib/http/with-project";
import { getPersonEvents } from "@/lib/persons/get-person";
import { timelineParamsSchema } from "@/lib/persons/params";

/** GET /api/v1/projects/{project}/persons/{id}/events: the person's timeline, newest first. */
export const GET = withProject<{ project: string; id: string }>(
  "query:read",
  async ({ request, db, project, params, pii }) =>
    Response.json(await getPersonEvents(db, project, params.id, parseQuery(timelineParamsSchema, request), pii)),
);
