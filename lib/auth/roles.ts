import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import type { ApiKeyScope } from "@/db/schema/api-keys";
import { projects } from "@/db/schema/projects";
import { type MemberRole, memberRoles, projectMembers, users } from "@/db/schema/users";
import type { PiiAccess } from "@/lib/persons/pii";

/**
 * Roles per project (docs/access.md): a viewer reads, a member also creates and saves analyses
 * and records deploys, an admin also manages keys, members, settings and deletions. "Can see
 * PII" is a permission apart; admins always have it (they could grant it to themselves).
 * The instance's owners (the first admin, made at first run) are admins of every project.
 */
export type ProjectAccess = { role: MemberRole } & PiiAccess;

const RANK: Record<MemberRole, number> = { viewer: 0, member: 1, admin: 2 };

export function roleAllows(role: MemberRole, needed: MemberRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** The role an API scope asks of a signed-in user: the same check for keys and sessions. */
export const roleForScope: Record<ApiKeyScope, MemberRole> = {
  "query:read": "viewer",
  "pii:read": "viewer",
  "deploys:write": "member",
  admin: "admin",
};

export type SignedInUser = { id: string; email: string; name: string; isOwner: boolean };

/** What this user may do in this project, or null: not a member (the project does not exist for them). */
export async function projectAccess(db: Db, user: SignedInUser, projectId: number): Promise<ProjectAccess | null> {
  if (user.isOwner) return { role: "admin", canSeePii: true };
  const [row] = await db
    .select({ role: projectMembers.role, canSeePii: projectMembers.canSeePii })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, user.id)));
  if (!row) return null;
  return { role: row.role, canSeePii: row.role === "admin" || row.canSeePii };
}

/** The slugs and names of the projects this user can open, by name. */
export async function accessibleProjects(db: Db, user: SignedInUser) {
  const columns = { slug: projects.slug, name: projects.name };
  if (user.isOwner) return db.select(columns).from(projects).orderBy(asc(projects.name));
  return db
    .select(columns)
    .from(projects)
    .innerJoin(projectMembers, eq(projectMembers.projectId, projects.id))
    .where(eq(projectMembers.userId, user.id))
    .orderBy(asc(projects.name));
}

export function isRole(value: string): value is MemberRole {
  return (memberRoles as readonly string[]).includes(value);
}

/** Adds a member, or changes the role and permission of one. */
export async function setMember(
  db: Db,
  input: { projectId: number; userId: string; role: MemberRole; canSeePii: boolean },
): Promise<void> {
  await db
    .insert(projectMembers)
    .values(input)
    .onConflictDoUpdate({
      target: [projectMembers.projectId, projectMembers.userId],
      set: { role: input.role, canSeePii: input.canSeePii },
    });
}

export async function removeMember(db: Db, projectId: number, userId: string): Promise<boolean> {
  const removed = await db
    .delete(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .returning({ userId: projectMembers.userId });
  return removed.length > 0;
}

export type MemberSummary = {
  userId: string;
  email: string;
  name: string;
  role: MemberRole;
  canSeePii: boolean;
  disabled: boolean;
  createdAt: Date;
};

export function listMembers(db: Db, projectId: number): Promise<MemberSummary[]> {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: projectMembers.role,
      canSeePii: projectMembers.canSeePii,
      disabled: users.disabledAt,
      createdAt: projectMembers.createdAt,
    })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(users.email))
    .then((list) => list.map((m) => ({ ...m, disabled: m.disabled !== null })));
}
