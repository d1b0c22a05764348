import { createHmac, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { authFor } from "./auth";
import type { SignedInUser } from "./roles";

/** better-auth's session cookie (lib/auth/auth.ts: prefix "loupe", `__Secure-` when Secure). */
const COOKIE = "loupe.session_token";
/** A session not looked at for this long is renewed by better-auth (its `updateAge`). */
const RENEW_AFTER_MS = 86_400_000;

/**
 * The signed-in user a request's session cookie stands for, or null: no cookie, a bad signature,
 * an expired or revoked session, or a disabled user. No cache, so that sign-out, revocation and
 * disabling take effect at the next request.
 *
 * The common case is one indexed statement (the session by its token, with its user): the
 * cookie's HMAC is checked here with better-auth's own secret and format (`token.signature`,
 * HMAC-SHA256, base64), which measured 2.8 → ~0.6 ms per check against better-auth's getSession
 * (docs/benchmarks.md#session-checks). A session due for renewal goes through better-auth's
 * getSession, which extends it and rewrites the cookie's expiry in the database.
 */
export async function sessionUser(db: Db, headers: Headers): Promise<SignedInUser | null> {
  const cookieHeader = headers.get("cookie");
  if (!cookieHeader?.includes(COOKIE)) return null;
  const { auth, secret, secure } = await authFor(db);
  const token = verifiedToken(cookieValue(cookieHeader, secure ? `__Secure-${COOKIE}` : COOKIE), secret);
  if (!token) return null;
  const [row] = await rows<{
    id: string;
    email: string;
    name: string;
    is_owner: boolean;
    disabled: boolean;
    expired: boolean;
    renew: boolean;
  }>(
    db,
    sql`select u.id, u.email, u.name, u.is_owner, u.disabled_at is not null as disabled,
          s.expires_at <= now() as expired,
          s.updated_at < now() - make_interval(secs => ${RENEW_AFTER_MS / 1000}) as renew
        from sessions s join users u on u.id = s.user_id
        where s.token = ${token}`,
  );
  if (!row || row.expired || row.disabled) return null;
  if (row.renew) {
    const renewed = await auth.api.getSession({ headers }).catch(() => null);
    if (!renewed) return null;
  }
  return { id: row.id, email: row.email, name: row.name, isOwner: row.is_owner };
}

/** A cookie's value by name (cookie values are URL-encoded by better-auth). */
function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/** The session token of `token.signature` when the signature is the secret's HMAC of it. */
function verifiedToken(value: string | null, secret: string): string | null {
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64");
  const expected = createHmac("sha256", secret).update(token).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}
