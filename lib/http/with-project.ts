import "server-only";
import { getDb } from "@/db/client";
import type { Db } from "@/db/connect";
import type { ApiKeyScope } from "@/db/schema/api-keys";
import type { MemberRole } from "@/db/schema/users";
import { projectAccess } from "@/lib/auth/roles";
import type { PiiAccess } from "@/lib/persons/pii";
import { getProjectBySlug, type Project } from "@/lib/projects/projects";
import { authenticate, type Principal, requireRoleFor, requireScope } from "./authenticate";
import { ApiError, errorResponse } from "./errors";

export type ProjectContext<P = { project: string }> = {
  request: Request;
  db: Db;
  project: Project;
  principal: Principal;
  /** The route's other path parameters (a person's id, an account's groupId), decoded. */
  params: P;
  /** What of personal data this caller may read (lib/persons/pii.ts). */
  pii: PiiAccess;
  /** The caller's role here: a key's is what its scopes allow, a user's their membership's. */
  role: MemberRole | null;
};

/**
 * Every /api/v1/projects/{project}/… handler goes through this: authenticate (a key or a
 * session), resolve the project (a key only ever sees its own project, a user only the projects
 * they are a member of: another one answers 404, as an unknown one does), check the scope (a
 * key's) or the role it asks (a user's), and turn any error into the API's error shape.
 */
export function withProject<P extends { project: string } = { project: string }>(
  scope: ApiKeyScope,
  handler: (context: ProjectContext<P>) => Promise<Response>,
) {
  return async (request: Request, { params }: { params: Promise<P> }): Promise<Response> => {
    try {
      const db = await getDb();
      const principal = await authenticate(db, request);
      const routeParams = await params;
      const slug = routeParams.project;
      const project = await getProjectBySlug(db, slug);
      const notFound = () => new ApiError(404, "project_not_found", `No project "${slug}" for these credentials.`);
      if (!project) throw notFound();
      const access = await accessOf(db, principal, project.id, scope);
      if (!access) throw notFound();
      return await handler({ request, db, project, principal, params: routeParams, ...access });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * What the caller may do in this project, or null when the project is not theirs: a key's scopes
 * (its own project only), or a user's membership and the role the scope asks.
 */
async function accessOf(
  db: Db,
  principal: Principal,
  projectId: number,
  scope: ApiKeyScope,
): Promise<Pick<ProjectContext, "pii" | "role"> | null> {
  if (principal.kind === "key") {
    if (principal.projectId !== projectId) return null;
    requireScope(principal, scope);
    return { pii: { canSeePii: principal.scopes.some((s) => s === "admin" || s === "pii:read") }, role: null };
  }
  const access = await projectAccess(db, principal.user, projectId);
  if (!access) return null;
  requireRoleFor(access.role, scope);
  return { pii: { canSeePii: access.canSeePii }, role: access.role };
}

export type KeyContext = { request: Request; db: Db; projectId: number; principal: Principal };

/** Routes addressed by key alone (POST /api/v1/deploys): the key's project is the target. */
export function withApiKey(scope: ApiKeyScope, handler: (context: KeyContext) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      const db = await getDb();
      const principal = await authenticate(db, request);
      if (principal.kind !== "key") throw new ApiError(401, "unauthenticated", "This endpoint needs a secret key.");
      requireScope(principal, scope);
      return await handler({ request, db, projectId: principal.projectId, principal });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
