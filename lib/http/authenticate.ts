import type { Db } from "@/db/connect";
import type { ApiKeyScope } from "@/db/schema/api-keys";
import { findApiKey, touchApiKey } from "@/lib/auth/api-keys";
import { accessMessages, dashboardAccess } from "./dashboard-access";
import { ApiError } from "./errors";

export type Principal =
  | { kind: "key"; keyId: number; prefix: string; projectId: number; scopes: ApiKeyScope[] }
  /** The dashboard in the browser (docs/decisions/0002-dashboard-access-before-login.md). */
  | { kind: "dashboard" };

/**
 * Who is calling: a secret key (`Authorization: Bearer …`) or the dashboard itself.
 * Until login exists, the dashboard is open (LOUPE_DASHBOARD_ACCESS=open, the default): a
 * same-origin browser fetch to an allowed host is let through, as the pages it comes from are
 * (./dashboard-access.ts). `closed` refuses it.
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
  if (isSameOriginBrowserRequest(request.headers)) {
    const access = dashboardAccess(request.headers.get("host"));
    if (access === "open") return { kind: "dashboard" };
    const { status, title } = accessMessages[access];
    throw new ApiError(
      status,
      access === "closed" ? "dashboard_closed" : "misdirected_request",
      `${title}: send a secret key.`,
    );
  }
  throw new ApiError(401, "unauthenticated", "Send a secret key: Authorization: Bearer <key>.");
}

/**
 * A fetch from one of the dashboard's own pages. Browsers send `Sec-Fetch-Site` only to secure
 * origins (https, localhost, 127.0.0.1), not to a plain-http LAN address such as the dev server's
 * "Network" one; there, the page's own origin (`Origin`, or `Referer` on a GET) names the host asked.
 */
export function isSameOriginBrowserRequest(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const host = headers.get("host");
  const source = headers.get("origin") ?? headers.get("referer");
  if (!host || !source) return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

/** Actions no open dashboard may take (an admin's merge of two persons): a secret key, named. */
export function requireKey(principal: Principal, scope: ApiKeyScope): Extract<Principal, { kind: "key" }> {
  if (principal.kind !== "key") {
    throw new ApiError(401, "unauthenticated", `This action needs a secret key with the "${scope}" scope.`);
  }
  requireScope(principal, scope);
  return principal;
}

export function requireScope(principal: Principal, scope: ApiKeyScope): void {
  if (principal.kind === "dashboard") return;
  if (principal.scopes.includes("admin") || principal.scopes.includes(scope)) return;
  throw new ApiError(403, "insufficient_scope", `This key lacks the "${scope}" scope.`, { required: scope });
}
