import type { Db } from "@/db/connect";
import { createApiKey, findApiKey, keyWeakness } from "@/lib/auth/api-keys";
import { createProject, getProjectBySlug } from "./projects";

/**
 * LOUPE_BOOTSTRAP_PROJECT (+ _WRITE_KEY, _SECRET_KEY): for automation, a project and keys that
 * exist as soon as the server is up. Idempotent: an existing project or key is left as it is.
 */
export async function bootstrapFromEnv(db: Db, env = process.env): Promise<string | null> {
  const slug = env.LOUPE_BOOTSTRAP_PROJECT;
  if (!slug) return null;
  await ensureProject(db, {
    slug,
    writeKey: env.LOUPE_BOOTSTRAP_WRITE_KEY,
    secretKey: env.LOUPE_BOOTSTRAP_SECRET_KEY,
  });
  return slug;
}

/** Creates the project if missing and registers the given keys; existing ones are left alone. */
export async function ensureProject(
  db: Db,
  input: { slug: string; timeZone?: string; writeKey?: string; secretKey?: string },
) {
  const project = (await getProjectBySlug(db, input.slug)) ?? (await createProject(db, input));
  const keys = [
    { token: input.writeKey, kind: "write" as const, name: "write key" },
    { token: input.secretKey, kind: "secret" as const, name: "secret key" },
  ];
  for (const key of keys) {
    if (!key.token) continue;
    const existing = await findApiKey(db, key.token);
    if (existing && existing.kind !== key.kind) throw new Error(`that key is registered as a ${existing.kind} key`);
    if (existing && existing.projectId !== project.id)
      throw new Error(`that ${key.kind} key belongs to another project`);
    const weakness = keyWeakness(key.token);
    if (weakness) throw new Error(`that ${key.kind} key is too weak: ${weakness} (see README: Production)`);
    if (!existing) await createApiKey(db, { projectId: project.id, kind: key.kind, name: key.name, token: key.token });
  }
  return project;
}

/** The bootstrap keys' weaknesses, checked before the server starts (lib/startup.ts). */
export function checkBootstrapKeys(env: Record<string, string | undefined> = process.env): void {
  for (const name of ["LOUPE_BOOTSTRAP_WRITE_KEY", "LOUPE_BOOTSTRAP_SECRET_KEY"]) {
    const token = env[name];
    const weakness = token ? keyWeakness(token) : null;
    if (weakness) {
      throw new Error(
        `${name} is too weak: ${weakness}. Make one with: node -e "console.log('lp_${name.includes("WRITE") ? "w" : "s"}_' + require('crypto').randomBytes(24).toString('base64url'))"`,
      );
    }
  }
}
