import { parseQuery } from "@/lib/http/query-string";
import { withProject } from "@/lib/http/with-project";
import { getPersons } from "@/lib/persons/get-persons";
import { personListParamsSchema } from "@/lib/persons/params";

/** GET /api/v1/projects/{project}/persons: search and list people (docs/api.md#persons). */
export const GET = withProject("query:read", async ({ request, db, project, pii }) =>
  Response.json(await getPersons(db, project, parseQuery(personListParamsSchema, request), pii)),
);
