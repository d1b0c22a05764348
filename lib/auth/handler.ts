import { z } from "zod";
import type { Db } from "@/db/connect";
import { recordAudit } from "@/lib/audit/audit-log";
import { isSameOrigin } from "@/lib/http/authenticate";
import { readLimitedBody } from "@/lib/http/body";
import { clientAddress } from "@/lib/http/client-address";
import { dashboardAccess } from "@/lib/http/dashboard-access";
import { ApiError, errorResponse } from "@/lib/http/errors";
import { authFor, findUserByEmail, MAX_PASSWORD_LENGTH } from "./auth";
import { sessionUser } from "./session";
import { countAttempt, forgiveSuccess } from "./throttle";

/**
 * /api/auth/*: better-auth's endpoints, the three Loupe uses, behind Loupe's own checks (the
 * Host, the page's own Origin on every POST). Every other better-auth path (sign-up, social
 * sign-in, get-session and change-password, whose answers carry the session token, account
 * deletion, …) answers 404.
 */
const ROUTES: { method: string; path: RegExp }[] = [
  { method: "POST", path: /^\/api\/auth\/sign-in\/email$/ },
  { method: "POST", path: /^\/api\/auth\/sign-out$/ },
  { method: "POST", path: /^\/api\/auth\/reset-password$/ },
];

const SIGN_IN_BODY_LIMIT = 4 * 1024;

const signInSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1),
  rememberMe: z.boolean().optional(),
});

export async function handleAuthRequest(db: Db, request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    if (!ROUTES.some((r) => r.method === request.method && r.path.test(url.pathname))) {
      throw new ApiError(404, "not_found", `No API route ${request.method} ${url.pathname}.`);
    }
    if (dashboardAccess(request.headers.get("host")) !== "open") {
      throw new ApiError(421, "misdirected_request", "Not a host this Loupe answers as (LOUPE_ALLOWED_HOSTS).");
    }
    if (!isSameOrigin(request.headers)) {
      throw new ApiError(403, "cross_origin", "Sign in from Loupe's own pages.");
    }
    if (url.pathname.endsWith("/sign-in/email")) return await signIn(db, request);
    if (url.pathname.endsWith("/sign-out")) return await signOut(db, request);
    const { auth } = await authFor(db);
    return await auth.handler(request);
  } catch (error) {
    return errorResponse(error);
  }
}

const invalidCredentials = () => new ApiError(401, "invalid_credentials", "Wrong email or password.");

/**
 * Malformed bodies are 400; a wrong password, an unknown email, a disabled user and an oversized
 * password are all the same 401 (nothing tells which accounts exist); a throttled email or
 * address is 429 with Retry-After, before any password is checked (./throttle.ts).
 */
async function signIn(db: Db, request: Request): Promise<Response> {
  const text = (await readLimitedBody(request, SIGN_IN_BODY_LIMIT)).toString("utf8");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const parsed = signInSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(400, "invalid_request", "Send {email, password}.");
  const { email, password } = parsed.data;
  const keys = { email, address: clientAddress(request.headers) };
  const wait = await countAttempt(db, keys);
  if (wait) {
    throw new ApiError(429, "too_many_attempts", "Too many failed sign-ins: try again later.", null, {
      "Retry-After": String(wait),
    });
  }
  const user = await findUserByEmail(db, email);
  const { auth } = await authFor(db);
  if (password.length > MAX_PASSWORD_LENGTH || !user || user.disabledAt) {
    // As long as a real check: the answer's time does not tell which accounts exist.
    await (await auth.$context).password.hash(password.slice(0, MAX_PASSWORD_LENGTH));
    throw invalidCredentials();
  }
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  const forwarded = new Request(request.url, {
    method: "POST",
    headers,
    body: JSON.stringify({ email: user.email, password, rememberMe: parsed.data.rememberMe ?? true }),
  });
  const response = await auth.handler(forwarded);
  if (response.status !== 200) {
    await recordAudit(db, {
      projectId: null,
      actor: `user:${user.id}`,
      actorLabel: user.email,
      action: "sign_in_failed",
      ipAddress: keys.address,
    });
    if (response.status === 401 || response.status === 400) throw invalidCredentials();
    return response;
  }
  await forgiveSuccess(db, keys);
  await recordAudit(db, {
    projectId: null,
    actor: `user:${user.id}`,
    actorLabel: user.email,
    action: "sign_in",
    ipAddress: keys.address,
  });
  // The session token stays in its HttpOnly cookie: the answer does not repeat it.
  const answer = Response.json({ user: { email: user.email, name: user.name } });
  for (const cookie of response.headers.getSetCookie()) answer.headers.append("set-cookie", cookie);
  return answer;
}

async function signOut(db: Db, request: Request): Promise<Response> {
  const user = await sessionUser(db, request.headers);
  const { auth } = await authFor(db);
  const response = await auth.handler(request);
  if (user && response.status === 200) {
    await recordAudit(db, {
      projectId: null,
      actor: `user:${user.id}`,
      actorLabel: user.email,
      action: "sign_out",
      ipAddress: clientAddress(request.headers),
    });
  }
  return response;
}
