import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { projectSecrets } from "@/db/schema/projects";

/**
 * The project's PII hash key (256 random bits), made on first use. Kept in project_secrets, never
 * in events or answers: without it, a hash cannot be checked against a dictionary of emails.
 */
export async function getHashKey(db: Db, projectId: number): Promise<string> {
  const read = async () =>
    (await db.select().from(projectSecrets).where(eq(projectSecrets.projectId, projectId)).limit(1))[0]?.hashKey;
  const existing = await read();
  if (existing) return existing;
  await db
    .insert(projectSecrets)
    .values({ projectId, hashKey: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const made = await read();
  if (!made) throw new Error(`no project ${projectId}`);
  return made;
}
