import { randomBytes } from "node:crypto";
import type { Db } from "@/db/connect";
import { countUsers, createUser, findUserByEmail } from "./auth";

export const DEMO_ADMIN_EMAIL = "demo@loupe.local";

/** A password people can type from a console: 20 characters of base64url, about 120 bits. */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

/**
 * The first admin, at the server's start. LOUPE_ADMIN_EMAIL (+ LOUPE_ADMIN_PASSWORD, at least 10
 * characters) makes that owner if they do not exist yet — for automation and tests. Otherwise, on
 * the embedded demo with nobody to sign in yet, a demo owner with a random password. Returns
 * what to print once (the password is never stored in clear nor printed again), or null.
 */
export async function ensureFirstAdmin(
  db: Db,
  options: { demo: boolean },
  env: Record<string, string | undefined> = process.env,
): Promise<string | null> {
  const email = env.LOUPE_ADMIN_EMAIL?.trim().toLowerCase();
  if (email) {
    if (await findUserByEmail(db, email)) return null;
    const given = env.LOUPE_ADMIN_PASSWORD;
    const password = given || generatePassword();
    await createUser(db, { email, password, isOwner: true });
    return given ? `Admin ${email} created (password from LOUPE_ADMIN_PASSWORD).` : loginMessage(email, password);
  }
  if (!options.demo || (await countUsers(db)) > 0) return null;
  const password = generatePassword();
  await createUser(db, { email: DEMO_ADMIN_EMAIL, password, name: "Demo admin", isOwner: true });
  return loginMessage(DEMO_ADMIN_EMAIL, password);
}

export function loginMessage(email: string, password: string): string {
  return [
    "",
    "  Sign in to Loupe as",
    `    email:    ${email}`,
    `    password: ${password}`,
    `  (shown once; a new one: npm run project -- reset-password ${email})`,
    "",
  ].join("\n");
}
