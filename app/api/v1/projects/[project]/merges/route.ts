import { z } from "zod";
import { describePrincipal } from "@/lib/http/authenticate";
import { readJson } from "@/lib/http/body";
import { invalidParams } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";
import { mergePersonsByAdmin } from "@/lib/persons/merge-persons";

const mergeSchema = z.strictObject({
  from: z.string().min(1).max(200),
  into: z.string().min(1).max(200),
});

/**
 * POST /api/v1/projects/{project}/merges {from, into}: an admin merges two persons
 * (identified ones too, which no message may do). A project admin or a secret key with `admin`;
 * logged with who it was.
 */
export const POST = withProject("admin", async ({ request, db, project, principal }) => {
  const parsed = mergeSchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  const record = await mergePersonsByAdmin(db, project.id, { ...parsed.data, by: describePrincipal(principal).label });
  return Response.json(record);
});
