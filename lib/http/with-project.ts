import "server-only";
import { getDb } from "@/db/client";
import type { Db } from "@/db/connect";
import type { ApiKeyScope } from "@/db/schema/api-keys";
import { getProjectBySlug, type Project } from "@/lib/projects/projects";
import { authenticate, type Principal, requireScope } from "./authenticate";
import { ApiError, errorResponse } from "./errors";

export type ProjectContext = { request: Request; db: Db; project: Project; principal: Principal };
type RouteContext = { params: Promise<{ project: string }> };

/**
 * Every /api/v1/projects/{project}/… handler goes through this: authenticate, resolve the project
 * (a key only ever sees its own project: another one answers 404, as an unknown one does),
 * check the scope, and turn any error into the API's error shape.
 */
export function withProject(scope: ApiKeyScope, handler: (context: ProjectContext) => Promise<Response>) {
  return async (request: Request, { params }: RouteContext): Promise<Response> => {
    try {
      const db = await getDb();
      const principal = await authenticate(db, request);
      const { project: slug } = await params;
      const project = await getProjectBySlug(db, slug);
      if (!project || (principal.kind === "key" && principal.projectId !== project.id)) {
        throw new ApiError(404, "project_not_found", `No project "${slug}" for these credentials.`);
      }
      requireScope(principal, scope);
      return await handler({ request, db, project, principal });
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
