import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { auditLog, projectMembers } from "@/db/schema/users";

/**
 * The audit log (docs/access.md): sign-ins, key, member and settings changes, deletions and PII
 * views, each with who did it and when. Written in the same request as the change it records;
 * never updated. Sign-ins concern no project (project_id null): a project's admins see those of
 * the project's members.
 */
export type AuditAction =
  | "sign_in"
  | "sign_in_failed"
  | "sign_out"
  | "key_created"
  | "key_revoked"
  | "write_key_rotated"
  | "member_invited"
  | "member_joined"
  | "member_changed"
  | "member_removed"
  | "user_disabled"
  | "user_enabled"
  | "password_reset_link"
  | "settings_changed"
  | "person_deleted"
  | "retention_enforced"
  | "pii_viewed";

export type AuditEntry = {
  projectId: number | null;
  actor: string;
  actorLabel: string;
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
  ipAddress?: string | null;
};

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    projectId: entry.projectId,
    actor: entry.actor,
    actorLabel: entry.actorLabel,
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? {},
    ipAddress: entry.ipAddress ?? null,
  });
}

/**
 * A profile (a person's, an account's) was read with personal data visible. One entry per reader
 * and profile per 10 minutes: a reader paging a timeline is one view, not fifty.
 */
export async function recordPiiView(db: Db, entry: Omit<AuditEntry, "action" | "details">): Promise<void> {
  await db.execute(sql`insert into audit_log (project_id, actor, actor_label, action, target, ip_address)
    select ${entry.projectId}, ${entry.actor}, ${entry.actorLabel}, 'pii_viewed', ${entry.target ?? null}, ${entry.ipAddress ?? null}
    where not exists (
      select 1 from audit_log
      where project_id = ${entry.projectId} and action = 'pii_viewed' and actor = ${entry.actor}
        and target = ${entry.target ?? null} and at > now() - interval '10 minutes')`);
}

export type AuditPage = {
  entries: {
    id: number;
    at: string;
    actor: string;
    actorLabel: string;
    action: string;
    target: string | null;
    details: Record<string, unknown>;
    ipAddress: string | null;
  }[];
  nextCursor: string | null;
};

/** A project's entries and its members' sign-ins, newest first, keyset-paginated on id. */
export async function listAudit(
  db: Db,
  projectId: number,
  options: { cursor?: string | null; limit?: number; action?: string | null } = {},
): Promise<AuditPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const before = options.cursor ? Number(options.cursor) : null;
  const members = db
    .select({ actor: sql<string>`'user:' || ${projectMembers.userId}` })
    .from(projectMembers)
    .where(eq(projectMembers.projectId, projectId));
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        or(eq(auditLog.projectId, projectId), and(isNull(auditLog.projectId), inArray(auditLog.actor, members))),
        before !== null && Number.isSafeInteger(before) ? lt(auditLog.id, before) : undefined,
        options.action ? eq(auditLog.action, options.action) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      actorLabel: r.actorLabel,
      action: r.action,
      target: r.target,
      details: r.details,
      ipAddress: r.ipAddress,
    })),
    nextCursor: rows.length > limit ? String(page.at(-1)?.id) : null,
  };
}
