import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { createApiKey, findApiKey, hashKey, rotateWriteKey } from "@/lib/auth/api-keys";
import { createUser, findUserByEmail, passwordResetToken, setUserDisabled } from "@/lib/auth/auth";
import { handleAuthRequest } from "@/lib/auth/handler";
import { acceptInvitation, createInvitation, findInvitation, revokeInvitation } from "@/lib/auth/invitations";
import { accessibleProjects, projectAccess, setMember } from "@/lib/auth/roles";
import { sessionUser } from "@/lib/auth/session";
import { THROTTLE } from "@/lib/auth/throttle";
import { PEER_HEADER } from "@/lib/http/client-address";
import { createProject } from "@/lib/projects/projects";
import { cookieHeader } from "../support/cookies";
import { createTestDatabase, driverName } from "../support/database";

const ORIGIN = "http://localhost:3000";
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const call = (path: string, init: { body?: unknown; cookie?: string; peer?: string; method?: string } = {}) =>
  handleAuthRequest(
    database.db,
    new Request(`${ORIGIN}/api/auth/${path}`, {
      method: init.method ?? "POST",
      headers: {
        host: "localhost:3000",
        origin: ORIGIN,
        "content-type": "application/json",
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.peer ? { [PEER_HEADER]: init.peer } : {}),
      },
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    }),
  );

/** The `name=value` pairs a response sets, as a Cookie header. */
const cookieOf = cookieHeader;

const signIn = (email: string, password: string, peer = "192.0.2.1") =>
  call("sign-in/email", { body: { email, password }, peer });

const headersWith = (cookie: string) => new Headers({ cookie, host: "localhost:3000" });

describe(`sign-in (${driverName})`, () => {
  it("signs in with email and password into an HttpOnly, SameSite session cookie, and out again", async () => {
    await createUser(database.db, { email: "ada@example.com", password: "correct horse battery" });
    const response = await signIn("Ada@Example.com", "correct horse battery");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ user: { email: "ada@example.com", name: "ada" } });
    expect(JSON.stringify(body)).not.toMatch(/token/);
    const setCookie = response.headers.getSetCookie().find((c) => c.includes("session_token"));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cookieOf(response);
    expect(await sessionUser(database.db, headersWith(cookie))).toMatchObject({ email: "ada@example.com" });

    const out = await call("sign-out", { cookie, body: {} });
    expect(out.status).toBe(200);
    expect(await sessionUser(database.db, headersWith(cookie))).toBeNull();
  });

  it("makes a new session at every sign-in: a cookie from before is not the one after", async () => {
    const first = cookieOf(await signIn("ada@example.com", "correct horse battery"));
    const second = cookieOf(await signIn("ada@example.com", "correct horse battery"));
    expect(second).not.toEqual(first);
    expect(await sessionUser(database.db, headersWith(second))).not.toBeNull();
  });

  it("refuses a tampered or expired session, and renews one in use after a day", async () => {
    const cookie = cookieOf(await signIn("ada@example.com", "correct horse battery", "192.0.2.30"));
    const [name, value] = cookie.split("=") as [string, string];
    const decoded = decodeURIComponent(value);
    const dot = decoded.lastIndexOf(".");
    // The token's last character changed (to "x", or "y" when it was an "x": 1 in 62 tokens).
    const other = decoded[dot - 1] === "x" ? "y" : "x";
    const forged = `${name}=${encodeURIComponent(`${decoded.slice(0, dot - 1)}${other}${decoded.slice(dot)}`)}`;
    expect(await sessionUser(database.db, headersWith(forged))).toBeNull();
    const token = decoded.slice(0, dot);
    await database.db.execute(
      sql`update sessions set updated_at = now() - interval '2 days', expires_at = now() + interval '1 hour' where token = ${token}`,
    );
    expect(await sessionUser(database.db, headersWith(cookie))).toMatchObject({ email: "ada@example.com" });
    const [renewed] = await rows<{ days: number }>(
      database.db,
      sql`select round(extract(epoch from expires_at - now()) / 86400)::int as days from sessions where token = ${token}`,
    );
    expect(renewed?.days).toBe(7);
    await database.db.execute(sql`update sessions set expires_at = now() - interval '1 second' where token = ${token}`);
    expect(await sessionUser(database.db, headersWith(cookie))).toBeNull();
  });

  it("answers a wrong password, an unknown email and an oversized password alike: 401", async () => {
    const answers = await Promise.all([
      signIn("ada@example.com", "wrong password!", "192.0.2.10"),
      signIn("nobody@example.com", "whatever it is", "192.0.2.11"),
      signIn("ada@example.com", "x".repeat(1_000), "192.0.2.12"),
    ]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
  });

  it("refuses malformed bodies with 400, and an oversized body with 413", async () => {
    for (const body of ["{", "[]", { email: "a@b.c" }, { email: 1, password: 2 }, { password: "x".repeat(20) }]) {
      expect((await call("sign-in/email", { body })).status).toBe(400);
    }
    expect((await call("sign-in/email", { body: { email: "a@b.c", password: "x".repeat(10_000) } })).status).toBe(413);
  });

  it("throttles an email after its failures: 429 with Retry-After, even with the right password", async () => {
    await createUser(database.db, { email: "grace@example.com", password: "a good long password" });
    for (let i = 0; i < THROTTLE.perEmail; i++) {
      expect((await signIn("grace@example.com", `guess number ${i}`, `198.51.100.${i}`)).status).toBe(401);
    }
    const locked = await signIn("grace@example.com", "a good long password", "198.51.100.99");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(locked.headers.get("retry-after"))).toBeLessThanOrEqual(THROTTLE.lockSeconds);
  });

  it("throttles an address after its failures, whichever emails it tries", async () => {
    for (let i = 0; i < THROTTLE.perAddress; i++) {
      await signIn(`spray-${i}@example.com`, "some password", "203.0.113.7");
    }
    expect((await signIn("ada@example.com", "correct horse battery", "203.0.113.7")).status).toBe(429);
    expect((await signIn("ada@example.com", "correct horse battery", "203.0.113.8")).status).toBe(200);
  });

  it("ends a disabled user's sessions at once and refuses their sign-in", async () => {
    const userId = await createUser(database.db, { email: "linus@example.com", password: "penguins are great" });
    const cookie = cookieOf(await signIn("linus@example.com", "penguins are great"));
    expect(await sessionUser(database.db, headersWith(cookie))).not.toBeNull();
    await setUserDisabled(database.db, userId, true);
    expect(await sessionUser(database.db, headersWith(cookie))).toBeNull();
    expect((await signIn("linus@example.com", "penguins are great")).status).toBe(401);
    await setUserDisabled(database.db, userId, false);
    expect((await signIn("linus@example.com", "penguins are great")).status).toBe(200);
  });

  it("resets a password through a one-time token, ending the sessions made with the old one", async () => {
    await createUser(database.db, { email: "barbara@example.com", password: "the old password" });
    const before = cookieOf(await signIn("barbara@example.com", "the old password"));
    const token = await passwordResetToken(database.db, "barbara@example.com");
    expect(token).toMatch(/\S{16,}/);
    expect((await call("reset-password", { body: { newPassword: "the new password", token } })).status).toBe(200);
    expect((await call("reset-password", { body: { newPassword: "once more again", token } })).status).toBe(400);
    expect(await sessionUser(database.db, headersWith(before))).toBeNull();
    expect((await signIn("barbara@example.com", "the old password")).status).toBe(401);
    expect((await signIn("barbara@example.com", "the new password")).status).toBe(200);
    expect(await passwordResetToken(database.db, "nobody@example.com")).toBeNull();
  });

  it("offers none of better-auth's other endpoints: no sign-up, no account deletion", async () => {
    const signUp = await call("sign-up/email", {
      body: { email: "eve@example.com", password: "x".repeat(12), name: "e" },
    });
    expect(signUp.status).toBe(404);
    expect((await call("delete-user", { body: {} })).status).toBe(404);
    expect((await call("request-password-reset", { body: { email: "ada@example.com" } })).status).toBe(404);
  });
});

describe(`keys, roles and invitations (${driverName})`, () => {
  it("rotates the write key with an overlap: both work until it ends, then only the new one", async () => {
    const project = await createProject(database.db, { slug: "rotating" });
    const { token: old } = await createApiKey(database.db, { projectId: project.id, kind: "write", name: "w" });
    const rotated = await rotateWriteKey(database.db, project.id, 24);
    expect(await findApiKey(database.db, old)).not.toBeNull();
    expect(await findApiKey(database.db, rotated.token)).toMatchObject({ kind: "write" });
    expect(rotated.previousUntil.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    // Rotating again with a longer overlap does not give the old key more time.
    await rotateWriteKey(database.db, project.id, 720);
    const [first] = await rows<{ hours: number }>(
      database.db,
      sql`select round(extract(epoch from revoked_at - now()) / 3600)::int as hours from api_keys where key_hash = ${hashKey(old)}`,
    );
    expect(first?.hours).toBe(24);
    const again = await rotateWriteKey(database.db, project.id, 0);
    expect(again.previous).toBe(3);
    expect(await findApiKey(database.db, old)).toBeNull();
    expect(await findApiKey(database.db, rotated.token)).toBeNull();
    expect(await findApiKey(database.db, again.token)).not.toBeNull();
  });

  it("gives an owner every project, a member theirs only, with the PII permission as granted", async () => {
    const a = await createProject(database.db, { slug: "roles-a" });
    const b = await createProject(database.db, { slug: "roles-b" });
    const ownerId = await createUser(database.db, {
      email: "owner@roles.test",
      password: "owner's password",
      isOwner: true,
    });
    const viewerId = await createUser(database.db, { email: "viewer@roles.test", password: "viewer's password" });
    const owner = { id: ownerId, email: "owner@roles.test", name: "o", isOwner: true };
    const viewer = { id: viewerId, email: "viewer@roles.test", name: "v", isOwner: false };
    await setMember(database.db, { projectId: a.id, userId: viewerId, role: "viewer", canSeePii: false });
    expect(await projectAccess(database.db, owner, b.id)).toEqual({ role: "admin", canSeePii: true });
    expect(await projectAccess(database.db, viewer, a.id)).toEqual({ role: "viewer", canSeePii: false });
    expect(await projectAccess(database.db, viewer, b.id)).toBeNull();
    await setMember(database.db, { projectId: a.id, userId: viewerId, role: "admin", canSeePii: false });
    expect(await projectAccess(database.db, viewer, a.id)).toEqual({ role: "admin", canSeePii: true });
    expect((await accessibleProjects(database.db, viewer)).map((p) => p.slug)).toEqual(["roles-a"]);
  });

  it("spends an invitation once, for its own email only", async () => {
    const project = await createProject(database.db, { slug: "inviting" });
    const invite = (email: string) =>
      createInvitation(database.db, { projectId: project.id, email, role: "member", canSeePii: true, invitedBy: null });
    const fresh = await invite("New.Person@Example.com");
    const joined = await acceptInvitation(database.db, fresh.token, { password: "a new password" });
    expect(joined).toMatchObject({ email: "new.person@example.com", role: "member" });
    expect(await acceptInvitation(database.db, fresh.token, { password: "a new password" })).toBeNull();
    expect((await signIn("new.person@example.com", "a new password", "192.0.2.50")).status).toBe(200);

    const existing = await invite("ada@example.com");
    expect(await acceptInvitation(database.db, existing.token, { password: "hijack attempt" })).toBeNull();
    const someoneElse = await findUserByEmail(database.db, "new.person@example.com");
    expect(await acceptInvitation(database.db, existing.token, { signedInUserId: someoneElse?.id ?? "" })).toBeNull();
    const ada = await findUserByEmail(database.db, "ada@example.com");
    expect(await acceptInvitation(database.db, existing.token, { signedInUserId: ada?.id ?? "" })).toMatchObject({
      email: "ada@example.com",
    });
    const revoked = await invite("late@example.com");
    expect(await revokeInvitation(database.db, project.id, revoked.id)).toBe(true);
    expect(await findInvitation(database.db, revoked.token)).toBeNull();
  });
});
