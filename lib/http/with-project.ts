import "server-only";
import { getDb } from "@/db/client";
import type { Db } from "@/db/connect";
import type { ApiKeyScope } from "@/db/schema/api-keys";
import { FULL_PII_ACCESS, type PiiAccess } from "@/lib/persons/pii";
import { getProjectBySlug, type Project } from "@/lib/projects/projects";
import { authenticate, type Principal, requireScope } from "./authenticate";
import { ApiError, errorResponse } from "./errors";

export type ProjectContext<P = { project: string }> = {
  request: Request;
  db: Db;
  project: Project;
  principal: Principal;
  /** The route's other path parameters (a person's id, an account's groupId), decoded. */
  params: P;
  /** What of personal data this caller may read (lib/persons/pii.ts): full until roles exist. */
  pii: PiiAccess;
};

/**
 * Every /api/v1/projects/{project}/… handler goes through this: authenticate, resolve the project
 * (a key only ever sees its own project: another one answers 404, as an unknown one does),
 * check the scope, and turn any error into the API's error shape.
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
      if (!project || (principal.kind === "key" && principal.projectId !== project.id)) {
        throw new ApiError(404, "project_not_found", `No project "${slug}" for these credentials.`);
      }
      requireScope(principal, scope);
      return await handler({ request, db, project, principal, params: routeParams, pii: FULL_PII_ACCESS });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export type KeyContext = { request: Request; db: Db; projectId: number };

/** Routes addressed by key alone (POST /api/v1/deploys): the key's project is the target. */
export function withApiKey(scope: ApiKeyScope, handler: (context: KeyContext) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      const db = await getDb();
      const principal = await authenticate(db, request);
      if (principal.kind !== "key") throw new ApiError(401, "unauthenticated", "This endpoint needs a secret key.");
      requireScope(principal, scope);
      return await handler({ request, db, projectId: principal.projectId });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
