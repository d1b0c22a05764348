import type { Db } from "@/db/connect";
import type { ApiKeyScope } from "@/db/schema/api-keys";
import { findApiKey, touchApiKey } from "@/lib/auth/api-keys";
import { roleAllows, roleForScope, type SignedInUser } from "@/lib/auth/roles";
import { sessionUser } from "@/lib/auth/session";
import { dashboardAccess } from "./dashboard-access";
import { ApiError } from "./errors";

export type Principal =
  | { kind: "key"; keyId: number; prefix: string; projectId: number; scopes: ApiKeyScope[] }
  /** Someone signed in to the dashboard: their role is per project (lib/auth/roles.ts). */
  | { kind: "user"; user: SignedInUser };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Who is calling: a secret key (`Authorization: Bearer …`) or a signed-in user's session
 * cookie. Nothing else grants access: not `Sec-Fetch-Site`, not `x-middleware-subrequest`, not
 * the address a request comes from. A session's mutation must also come from the dashboard's own
 * origin (./same-origin check below): cookies are SameSite=Lax, and this refuses the rest.
 */
export async function authenticate(db: Db, request: Request): Promise<Principal> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new ApiError(401, "invalid_authorization", "Use Authorization: Bearer <secret key>.");
    const key = await findApiKey(db, match[1]);
    if (!key) throw new ApiError(401, "invalid_key", "This key is unknown or revoked.");
    if (key.kind !== "secret") {
      throw new ApiError(403, "write_key_not_allowed", "A write key can only send events; use a secret key.");
    }
    await touchApiKey(db, key.id);
    return { kind: "key", keyId: key.id, prefix: key.prefix, projectId: key.projectId, scopes: key.scopes };
  }
  const user = await sessionUser(db, request.headers);
  if (!user) {
    throw new ApiError(401, "unauthenticated", "Sign in, or send a secret key: Authorization: Bearer <key>.");
  }
  if (dashboardAccess(request.headers.get("host")) !== "open") {
    throw new ApiError(421, "misdirected_request", "Not a host this Loupe answers as (LOUPE_ALLOWED_HOSTS).");
  }
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request.headers)) {
    throw new ApiError(403, "cross_origin", "A signed-in change must come from the dashboard's own pages.");
  }
  return { kind: "user", user };
}

/**
 * The request was sent by a page of this very origin: its `Origin` names the host it was sent
 * to (and, where the browser says, `Sec-Fetch-Site` is same-origin). A CSRF check for session
 * mutations, on top of SameSite cookies — never a grant of access by itself.
 */
export function isSameOrigin(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return false;
  const host = headers.get("host");
  const origin = headers.get("origin");
  if (!host || !origin) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** A key must hold the scope; a user's role in the project is checked by withProject. */
export function requireScope(principal: Principal, scope: ApiKeyScope): void {
  if (principal.kind !== "key") return;
  if (principal.scopes.includes("admin") || principal.scopes.includes(scope)) return;
  throw new ApiError(403, "insufficient_scope", `This key lacks the "${scope}" scope.`, { required: scope });
}

export function requireRoleFor(role: Parameters<typeof roleAllows>[0], scope: ApiKeyScope): void {
  const needed = roleForScope[scope];
  if (!roleAllows(role, needed)) {
    throw new ApiError(403, "insufficient_role", `This needs the ${needed} role in this project.`, {
      required: needed,
    });
  }
}

/** Who did it, for logs and the audit log: "key lp_s_AbCd" or the user's email. */
export function describePrincipal(principal: Principal): { actor: string; label: string } {
  return principal.kind === "key"
    ? { actor: `key:${principal.prefix}`, label: `key ${principal.prefix}` }
    : { actor: `user:${principal.user.id}`, label: principal.user.email };
}
