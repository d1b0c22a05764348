import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import type { Db } from "@/db/connect";
import type { MemberRole } from "@/db/schema/users";
import { recordPiiView } from "@/lib/audit/audit-log";
import { accessibleProjects, projectAccess, roleAllows, type SignedInUser } from "@/lib/auth/roles";
import { sessionUser } from "@/lib/auth/session";
import { clientAddress } from "@/lib/http/client-address";
import { safeNext } from "@/lib/http/safe-next";
import type { PiiAccess } from "@/lib/persons/pii";
import { getProjectBySlug } from "@/lib/projects/projects";

/**
 * The reader of a page: their session, or a redirect to sign-in that comes back here. Every
 * page calls it (through loadProjectPage or itself): the proxy is never the gate.
 */
export const loadViewer = cache(async (): Promise<SignedInUser> => {
  const list = await headers();
  const user = await sessionUser(await getDb(), list);
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(safeNext(list.get("x-loupe-path")))}`);
  return user;
});

/**
 * What every project page starts from: the database handle, the project, the reader and what
 * they may do in it; a 404 for a project that does not exist or that they are not a member of,
 * and for a page that asks a role they do not have (`needs`).
 */
// cache(): the layout and the page of one request share the lookup.
export const loadProjectPage = cache(async (slug: string, needs: MemberRole = "viewer") => {
  const user = await loadViewer();
  const db = await getDb();
  const project = await getProjectBySlug(db, slug);
  if (!project) notFound();
  const access = await projectAccess(db, user, project.id);
  if (!access || !roleAllows(access.role, needs)) notFound();
  return { db, project, user, access, pii: { canSeePii: access.canSeePii } };
});

/** A page showed a profile with personal data visible: the audit log's PII view (lib/audit). */
export async function auditPagePiiView(
  page: { db: Db; project: { id: number }; user: SignedInUser; pii: PiiAccess },
  target: string,
): Promise<void> {
  if (!page.pii.canSeePii) return;
  await recordPiiView(page.db, {
    projectId: page.project.id,
    actor: `user:${page.user.id}`,
    actorLabel: page.user.email,
    target,
    ipAddress: clientAddress(await headers()),
  });
}

export const loadProjectList = cache(async () => accessibleProjects(await getDb(), await loadViewer()));

/** A path segment as the id it names (Next passes it encoded: `acme%2Femea` → `acme/emea`). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not a valid escape: the text as typed
  }
}
