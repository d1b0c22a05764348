import { type NextRequest, NextResponse } from "next/server";
import { accessMessages, dashboardAccess } from "@/lib/http/dashboard-access";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

/**
 * Pages only (see `config`): refuses them when the Host is not one this server answers as
 * (lib/http/dashboard-access.ts), and gives each a CSP nonce. Not a gate for sessions: every
 * page checks its reader itself (lib/server/project-page.ts), and the API checks its callers.
 */
export function proxy(request: NextRequest) {
  const access = dashboardAccess(request.headers.get("host"));
  if (access !== "open") {
    const { status, title, body } = accessMessages[access];
    return new NextResponse(`<!doctype html><title>${title}</title><h1>${title}</h1><p>${body}</p>`, {
      status,
      headers: { "content-type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'" },
    });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  // Where a page sends back to after sign-in (lib/server/project-page.ts); set here, never by a client.
  headers.set("x-loupe-path", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Not the API, ingestion, or Next's own files: they carry no pages (and ingestion pays nothing).
  matcher: ["/((?!api/|v1/|_next/|icon.svg|robots.txt).*)"],
};
