import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getProjectBySlug, listProjects } from "@/lib/projects/projects";

/** What every project page starts from: the database handle and the project, or a 404. */
// cache(): the layout and the page of one request share the lookup.
export const loadProjectPage = cache(async (slug: string) => {
  const db = await getDb();
  const project = await getProjectBySlug(db, slug);
  if (!project) notFound();
  return { db, project };
});

export const loadProjectList = cache(async () => listProjects(await getDb()));

/** A path segment as the id it names (Next passes it encoded: `acme%2Femea` → `acme/emea`). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not a valid escape: the text as typed
  }
}
