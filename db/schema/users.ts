import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { projects } from "./projects";

/*
 * People who sign in to Loupe (not the people it analyses: those are `persons`). The first four
 * tables are better-auth's (lib/auth/auth.ts): their JS names are the fields it asks for, their
 * SQL names ours. `auth_accounts` is better-auth's "account" (a sign-in method: here, a password),
 * unrelated to the B2B `accounts` of the analyses.
 */
const at = (name: string) => timestamp(name, { withTimezone: true });

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    /** The instance's administrators: admin of every project, with PII (docs/access.md). */
    isOwner: boolean("is_owner").notNull().default(false),
    /** A disabled user cannot sign in; their sessions were deleted when it was set. */
    disabledAt: at("disabled_at"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    // The cookie's value (signed in the cookie): every dashboard request looks it up.
    token: text("token").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: at("expires_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sessions_token_key").on(t.token), index("sessions_user_idx").on(t.userId)],
);

export const authAccounts = pgTable(
  "auth_accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: at("access_token_expires_at"),
    refreshTokenExpiresAt: at("refresh_token_expires_at"),
    scope: text("scope"),
    /** better-auth's scrypt hash, never the password. */
    password: text("password"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [index("auth_accounts_user_idx").on(t.userId)],
);

/** One-time tokens: password reset links (`npm run project -- reset-password`). */
export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: at("expires_at").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

export const memberRoles = ["admin", "member", "viewer"] as const;
export type MemberRole = (typeof memberRoles)[number];

/** Who may do what in a project (lib/auth/roles.ts). */
export const projectMembers = pgTable(
  "project_members",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").$type<MemberRole>().notNull(),
    canSeePii: boolean("can_see_pii").notNull().default(false),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("project_members_user_idx").on(t.userId)],
);

/** An invite link's promise: who opens it (and signs up) joins the project with this role. */
export const invitations = pgTable(
  "invitations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // SHA-256 of the link's token: the link is shown once.
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    role: text("role").$type<MemberRole>().notNull(),
    canSeePii: boolean("can_see_pii").notNull().default(false),
    invitedBy: text("invited_by"),
    expiresAt: at("expires_at").notNull(),
    acceptedAt: at("accepted_at"),
    revokedAt: at("revoked_at"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("invitations_token_hash_key").on(t.tokenHash), index("invitations_project_idx").on(t.projectId)],
);

/**
 * What was done to a project's data and access, and by whom (lib/audit): sign-ins, key, member
 * and settings changes, deletions, PII views. Never updated; project_id null for what concerns
 * no project (a sign-in).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: integer("project_id").references(() => projects.id, { onDelete: "cascade" }),
    /** "user:<id>", "key:<prefix>" or "cli". */
    actor: text("actor").notNull(),
    /** The actor as a reader knows them (an email, a key's name), kept as it was then. */
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    ipAddress: text("ip_address"),
    at: at("at").notNull().defaultNow(),
  },
  (t) => [
    // The audit page: a project's entries, newest first (keyset on id).
    index("audit_log_project_idx").on(t.projectId, t.id),
  ],
);

/**
 * Failed sign-ins per key ("email:<address>" or "ip:<address>") in the current window: the
 * throttle of lib/auth/throttle.ts. Rows are few (one per key that failed lately) and deleted when
 * their window is over.
 */
export const signInFailures = pgTable("sign_in_failures", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStart: at("window_start").notNull(),
  lockedUntil: at("locked_until"),
});

/** The instance's own secrets (the session cookies' signing key), made at first start. */
export const instanceSecrets = pgTable("instance_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: at("created_at").notNull().defaultNow(),
});
