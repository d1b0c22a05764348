import { withProject } from "@/lib/http/with-project";
import { getPerson } from "@/lib/persons/get-person";

/** GET /api/v1/projects/{project}/persons/{id}: a person by any of their ids (docs/api.md#persons). */
export const GET = withProject<{ project: string; id: string }>("query:read", async ({ db, project, params, pii }) =>
  Response.json(await getPerson(db, project, params.id, pii)),
);
