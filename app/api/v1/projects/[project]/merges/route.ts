import { z } from "zod";
import { requireKey } from "@/lib/http/authenticate";
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
 * (identified ones too, which no message may do). A secret key with `admin`; logged with its prefix.
 */
export const POST = withProject("admin", async ({ request, db, project, principal }) => {
  const key = requireKey(principal, "admin");
  const parsed = mergeSchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  const record = await mergePersonsByAdmin(db, project.id, { ...parsed.data, by: `key ${key.prefix}` });
  return Response.json(record);
});
