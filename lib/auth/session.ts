import type { Db } from "@/db/connect";
import { authFor } from "./auth";
import type { SignedInUser } from "./roles";

/**
 * The signed-in user a request's session cookie stands for, or null: no cookie, a bad signature,
 * an expired or revoked session, or a disabled user. One indexed lookup per request (no cookie
 * cache), so that sign-out, revocation and disabling take effect at once.
 */
export async function sessionUser(db: Db, headers: Headers): Promise<SignedInUser | null> {
  if (!headers.get("cookie")?.includes("session_token")) return null;
  const { auth } = await authFor(db);
  const found = await auth.api.getSession({ headers, query: { disableRefresh: false } }).catch(() => null);
  if (!found) return null;
  const user = found.user as typeof found.user & { isOwner?: boolean; disabledAt?: Date | null };
  if (user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, isOwner: user.isOwner === true };
}
