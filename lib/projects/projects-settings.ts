import { eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { type ProjectSettings, projects } from "@/db/schema/projects";

export async function updateProjectSettings(db: Db, projectId: number, settings: ProjectSettings): Promise<void> {
  await db.update(projects).set({ settings }).where(eq(projects.id, projectId));
}
