import { getAccount } from "@/lib/accounts/get-account";
import { auditPiiView } from "@/lib/http/audit-context";
import { withProject } from "@/lib/http/with-project";

/** GET /api/v1/projects/{project}/accounts/{groupId}: traits, members, health (docs/api.md#accounts). */
export const GET = withProject<{ project: string; groupId: string }>("query:read", async (context) => {
  const { db, project, params, pii } = context;
  const account = await getAccount(db, project, params.groupId, pii);
  await auditPiiView(context, `account:${params.groupId}`);
  return Response.json(account);
});
