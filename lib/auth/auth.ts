import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { authAccounts, instanceSecrets, sessions, users, verifications } from "@/db/schema/users";
import { allowedHosts } from "@/lib/http/allowed-hosts";

/**
 * Sign-in through better-auth (email and password), on Loupe's own database and driver: its
 * users, sessions, password hashes (scrypt) and one-time reset tokens live in the tables of
 * db/schema/users.ts. What better-auth does not decide is Loupe's: who may sign up (nobody by
 * themselves: an admin invites), throttling (./throttle.ts), roles (./roles.ts).
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;
const SESSION_DAYS = 7;
const RESET_LINK_MINUTES = 60;

type ResetSink = (token: string) => void;

function createAuth(db: Db, secret: string, env: Record<string, string | undefined>) {
  // A reset link is made by the CLI (there is no mail server): it sets a sink for the token.
  const sink: { current: ResetSink | null } = { current: null };
  const auth = betterAuth({
    appName: "Loupe",
    secret,
    basePath: "/api/auth",
    // The app answers at every name of LOUPE_ALLOWED_HOSTS, on any port (lib/http/allowed-hosts.ts);
    // the auth routes refuse other hosts before better-auth sees them (./handler.ts).
    baseURL: {
      allowedHosts: allowedHosts(env).flatMap((host) => [host, `${host}:*`]),
      protocol: "auto",
      fallback: env.LOUPE_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`,
    },
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: authAccounts, verification: verifications },
    }),
    emailAndPassword: {
      enabled: true,
      // Accounts come from invitations and the CLI, never from a stranger's sign-up.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      resetPasswordTokenExpiresIn: RESET_LINK_MINUTES * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ token }) => sink.current?.(token),
    },
    user: {
      modelName: "user",
      additionalFields: {
        isOwner: { type: "boolean", required: false, defaultValue: false, input: false },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    session: {
      expiresIn: SESSION_DAYS * 86_400,
      updateAge: 86_400,
      // No cookie cache: a revoked session or a disabled user is refused at the next request.
      cookieCache: { enabled: false },
    },
    databaseHooks: {
      session: {
        create: {
          // The last word on a disabled user: no new session, whatever path asked for one.
          before: async (session) => {
            const [user] = await db
              .select({ disabledAt: users.disabledAt })
              .from(users)
              .where(eq(users.id, session.userId));
            return user && !user.disabledAt ? { data: session } : false;
          },
        },
      },
    },
    // Throttling is Loupe's own (per account and per address, in the database: ./throttle.ts).
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: secureCookies(env),
      cookiePrefix: "loupe",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", path: "/" },
    },
    telemetry: { enabled: false },
  });
  return { auth, sink, secret, secure: secureCookies(env) };
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * Secure cookies in production (`npm start`), unless LOUPE_SECURE_COOKIES=off: a server reached
 * over plain http on a LAN address, where browsers would drop a Secure cookie. Browsers treat
 * http://localhost as secure, so the default works there too.
 */
export function secureCookies(env: Record<string, string | undefined> = process.env): boolean {
  if (env.LOUPE_SECURE_COOKIES === "off") return false;
  if (env.LOUPE_SECURE_COOKIES === "on") return true;
  return env.NODE_ENV === "production";
}

const instances = new WeakMap<Db, Promise<Auth>>();

/** The auth of one database (the server's, a test's, the CLI's), made once. */
export function authFor(db: Db, env: Record<string, string | undefined> = process.env): Promise<Auth> {
  let instance = instances.get(db);
  if (!instance) {
    instance = authSecret(db, env).then((secret) => createAuth(db, secret, env));
    instances.set(db, instance);
  }
  return instance;
}

/**
 * The key that signs session cookies: LOUPE_AUTH_SECRET, else one made at first start and kept
 * in the database (so that every instance of the app on it, and every restart, agrees).
 */
async function authSecret(db: Db, env: Record<string, string | undefined>): Promise<string> {
  if (env.LOUPE_AUTH_SECRET) {
    if (env.LOUPE_AUTH_SECRET.length < 32) throw new Error("LOUPE_AUTH_SECRET must be at least 32 characters");
    return env.LOUPE_AUTH_SECRET;
  }
  await db
    .insert(instanceSecrets)
    .values({ name: "auth", value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db
    .select({ value: instanceSecrets.value })
    .from(instanceSecrets)
    .where(eq(instanceSecrets.name, "auth"));
  if (!row) throw new Error("the auth secret could not be stored");
  return row.value;
}

/**
 * A user with a password, made by the CLI, the first-run bootstrap or an accepted invitation
 * (sign-up is closed). Returns their id; an email already taken is an error.
 */
export async function createUser(
  db: Db,
  input: { email: string; password: string; name?: string; isOwner?: boolean },
): Promise<string> {
  checkPassword(input.password);
  const { auth } = await authFor(db);
  const context = await auth.$context;
  const email = input.email.trim().toLowerCase();
  if (await context.internalAdapter.findUserByEmail(email)) throw new Error(`a user ${email} exists already`);
  const hash = await context.password.hash(input.password);
  const user = await context.internalAdapter.createUser(
    {
      email,
      name: input.name ?? email.split("@")[0] ?? email,
      emailVerified: true,
    },
    { method: "admin" },
  );
  await context.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: hash,
  });
  if (input.isOwner) await db.update(users).set({ isOwner: true }).where(eq(users.id, user.id));
  return user.id;
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new Error(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}

/** A one-time reset token for this email (the link is `/reset-password?token=…`), or null. */
export async function passwordResetToken(db: Db, email: string): Promise<string | null> {
  const { auth, sink } = await authFor(db);
  let token: string | null = null;
  sink.current = (made) => {
    token = made;
  };
  try {
    await auth.api.requestPasswordReset({ body: { email: email.trim().toLowerCase(), redirectTo: "/reset-password" } });
  } finally {
    sink.current = null;
  }
  return token;
}

/** Disables a user (no sign-in) and ends every session they have, at once; or enables them. */
export async function setUserDisabled(db: Db, userId: string, disabled: boolean): Promise<void> {
  await db
    .update(users)
    .set({ disabledAt: disabled ? new Date() : null })
    .where(eq(users.id, userId));
  if (disabled) await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return user ?? null;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}
