import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getProjectBySlug, listProjects } from "@/lib/projects/projects";

/** What every project page starts from: the database handle and the project, or a 404. */
export async function loadProjectPage(slug: string) {
  const db = await getDb();
  const project = await getProjectBySlug(db, slug);
  if (!project) notFound();
  return { db, project };
}

export async function loadProjectList() {
  return listProjects(await getDb());
}
