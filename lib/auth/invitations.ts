import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connect";
import { invitations, type MemberRole, memberRoles, users } from "@/db/schema/users";
import { createUser, findUserByEmail } from "./auth";
import { setMember } from "./roles";

/**
 * Invitations: an admin names an email and a role; Loupe makes a one-time link (there is no mail
 * server: the admin passes it on). Who opens it chooses a password and joins; an email that has
 * a user already joins by signing in first. The link's token is stored hashed and expires.
 */
const INVITE_DAYS = 7;

/** Who to add or invite, and as what (the members and invitations endpoints). */
export const memberSchema = z.strictObject({
  email: z.email().max(320),
  role: z.enum(memberRoles),
  canSeePii: z.boolean().default(false),
});

/** Not used, not revoked, not expired. */
const live = () =>
  and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date()));

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export type CreatedInvitation = { id: number; token: string; path: string; expiresAt: Date };

export async function createInvitation(
  db: Db,
  input: { projectId: number; email: string; role: MemberRole; canSeePii: boolean; invitedBy: string | null },
): Promise<CreatedInvitation> {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
  const [row] = await db
    .insert(invitations)
    .values({
      projectId: input.projectId,
      tokenHash: hash(token),
      email: input.email.trim().toLowerCase(),
      role: input.role,
      canSeePii: input.canSeePii,
      invitedBy: input.invitedBy,
      expiresAt,
    })
    .returning({ id: invitations.id });
  if (!row) throw new Error("invitation insert returned nothing");
  return { id: row.id, token, path: `/invite?token=${token}`, expiresAt };
}

/** A live invitation (not used, revoked or expired) for this token, with whether its email has a user. */
export async function findInvitation(db: Db, token: string) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tokenHash, hash(token)), live()));
  if (!row) return null;
  return { ...row, existingUser: (await findUserByEmail(db, row.email)) !== null };
}

export type AcceptResult = { projectId: number; userId: string; email: string; role: MemberRole };

/**
 * Spends the invitation: makes the user (with `password`) when the email has none, or adds the
 * signed-in user whose email it is. Null when the token is not live or the wrong person accepts.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  who: { password: string; name?: string } | { signedInUserId: string },
): Promise<AcceptResult | null> {
  const invitation = await findInvitation(db, token);
  if (!invitation) return null;
  let userId: string;
  if ("signedInUserId" in who) {
    const user = await findUserByEmail(db, invitation.email);
    if (!user || user.id !== who.signedInUserId) return null;
    userId = user.id;
  } else {
    if (invitation.existingUser) return null;
    userId = await createUser(db, { email: invitation.email, password: who.password, name: who.name });
  }
  const spent = await db
    .update(invitations)
    .set({ acceptedAt: new Date() })
    .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (spent.length === 0) return null;
  await setMember(db, {
    projectId: invitation.projectId,
    userId,
    role: invitation.role,
    canSeePii: invitation.canSeePii,
  });
  return { projectId: invitation.projectId, userId, email: invitation.email, role: invitation.role };
}

export async function revokeInvitation(db: Db, projectId: number, id: number): Promise<boolean> {
  const revoked = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.projectId, projectId), eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  return revoked.length > 0;
}

/** The project's open invitations, newest first (never their tokens). */
export function listInvitations(db: Db, projectId: number) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      canSeePii: invitations.canSeePii,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedBy: users.email,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.projectId, projectId), live()))
    .orderBy(desc(invitations.id));
}
