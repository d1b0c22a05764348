import type { Db } from "@/db/connect";
import { createApiKey, findApiKey } from "@/lib/auth/api-keys";
import { createProject, getProjectBySlug } from "./projects";

/**
 * LOUPE_BOOTSTRAP_PROJECT (+ _WRITE_KEY, _SECRET_KEY): for automation, a project and keys that
 * exist as soon as the server is up. Idempotent: an existing project or key is left as it is.
 */
export async function bootstrapFromEnv(db: Db, env = process.env): Promise<string | null> {
  const slug = env.LOUPE_BOOTSTRAP_PROJECT;
  if (!slug) return null;
  const project = (await getProjectBySlug(db, slug)) ?? (await createProject(db, { slug }));
  const keys = [
    { token: env.LOUPE_BOOTSTRAP_WRITE_KEY, kind: "write" as const, name: "bootstrap write key" },
    { token: env.LOUPE_BOOTSTRAP_SECRET_KEY, kind: "secret" as const, name: "bootstrap secret key" },
  ];
  for (const key of keys) {
    if (!key.token) continue;
    const existing = await findApiKey(db, key.token);
    if (existing && existing.projectId !== project.id) {
      throw new Error(`LOUPE_BOOTSTRAP_${key.kind.toUpperCase()}_KEY already belongs to another project`);
    }
    if (!existing) await createApiKey(db, { projectId: project.id, kind: key.kind, name: key.name, token: key.token });
  }
  return slug;
}
