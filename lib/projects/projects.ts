import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { projects } from "@/db/schema/projects";

export type Project = typeof projects.$inferSelect;

export const projectSlugPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

export async function getProjectBySlug(db: Db, slug: string): Promise<Project | null> {
  if (!projectSlugPattern.test(slug)) return null;
  const [row] = await db.select().from(projects).where(eq(projects.slug, slug)).limit(1);
  return row ?? null;
}

export async function listProjects(db: Db): Promise<Pick<Project, "id" | "slug" | "name">[]> {
  return db
    .select({ id: projects.id, slug: projects.slug, name: projects.name })
    .from(projects)
    .orderBy(asc(projects.slug));
}

export async function createProject(
  db: Db,
  input: { slug: string; name?: string; timeZone?: string },
): Promise<Project> {
  if (!projectSlugPattern.test(input.slug)) {
    throw new Error(`invalid project slug "${input.slug}": use a-z, 0-9 and -, at most 63 characters`);
  }
  const [row] = await db
    .insert(projects)
    .values({ slug: input.slug, name: input.name ?? input.slug, timeZone: input.timeZone ?? "UTC" })
    .onConflictDoNothing({ target: projects.slug })
    .returning();
  return row ?? ((await getProjectBySlug(db, input.slug)) as Project);
}

export async function getProjectById(db: Db, id: number): Promise<Project | null> {
  const [row] = await db.select().from(projects).where(eq(projects.id, id)).limit(1);
  return row ?? null;
}
