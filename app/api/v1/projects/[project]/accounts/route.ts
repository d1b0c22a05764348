import { getAccounts } from "@/lib/accounts/get-accounts";
import { accountListParamsSchema } from "@/lib/accounts/params";
import { parseQuery } from "@/lib/http/query-string";
import { withProject } from "@/lib/http/with-project";

/** GET /api/v1/projects/{project}/accounts: search and list accounts (docs/api.md#accounts). */
export const GET = withProject("query:read", async ({ request, db, project, pii }) =>
  Response.json(await getAccounts(db, project, parseQuery(accountListParamsSchema, request), pii)),
);
