import { getAccount } from "@/lib/accounts/get-account";
import { withProject } from "@/lib/http/with-project";

/** GET /api/v1/projects/{project}/accounts/{groupId}: traits, members, health (docs/api.md#accounts). */
export const GET = withProject<{ project: string; groupId: string }>(
  "query:read",
  async ({ db, project, params, pii }) => Response.json(await getAccount(db, project, params.groupId, pii)),
);
