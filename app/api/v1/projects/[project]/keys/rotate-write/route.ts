import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit-log";
import { rotateWriteKey } from "@/lib/auth/api-keys";
import { auditBy } from "@/lib/http/audit-context";
import { readJson } from "@/lib/http/body";
import { invalidParams } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";

const rotateSchema = z.strictObject({
  overlapHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
});

/**
 * POST …/keys/rotate-write {overlapHours}: a new write key, answered once; the old ones keep
 * accepting events for the overlap, then stop.
 */
export const POST = withProject("admin", async (context) => {
  const { request, db, project } = context;
  const parsed = rotateSchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  const rotated = await rotateWriteKey(db, project.id, parsed.data.overlapHours);
  await recordAudit(
    db,
    auditBy(context)({
      action: "write_key_rotated",
      target: rotated.token.slice(0, 9),
      details: { overlapHours: parsed.data.overlapHours, previousUntil: rotated.previousUntil.toISOString() },
    }),
  );
  return Response.json(
    { token: rotated.token, prefix: rotated.token.slice(0, 9), previousUntil: rotated.previousUntil },
    { status: 201 },
  );
});
