import { z } from "zod";
import { listAudit } from "@/lib/audit/audit-log";
import { invalidParams } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";

const auditQuerySchema = z.strictObject({
  cursor: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  action: z.string().max(40).optional(),
});

/** GET …/audit?cursor=&limit=&action=: the project's audit log, newest first (admins). */
export const GET = withProject("admin", async ({ request, db, project }) => {
  const parsed = auditQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw invalidParams(parsed.error);
  return Response.json(await listAudit(db, project.id, parsed.data));
});
