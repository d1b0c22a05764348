import { sql } from "drizzle-orm";
import { integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** Per-project settings; every field optional so old rows stay valid as settings grow. */
export type ProjectSettings = {
  /** Property names dropped or hashed before storage (ingestion issue). */
  /**
   * PII rules applied before storage (docs/privacy.md): names dropped or hashed, patterns
   * (emails, phones, cards) redacted, secret-named URL parameters removed (both on by default).
   */
  pii?: { drop?: string[]; hash?: string[]; redactPatterns?: boolean; stripUrlSecrets?: boolean };
  /** "truncate" (default) keeps the /24 (/48 for IPv6), "discard" stores none. */
  ipHandling?: "truncate" | "discard";
  /** Events per second this project may send (else LOUPE_INGEST_RATE_LIMIT): 429 beyond. */
  ingestRateLimit?: number;
  /** The events an account's health follows (adoption); unset: the most frequent non-`$` events. */
  keyEvents?: string[];
  /** Days of raw events kept; undefined keeps everything. */
  retentionDays?: number;
  /** Set on the demo project: how it was generated, and whether seeding finished. */
  demo?: { seed: number; events: number; end: string; complete: boolean };
};

// A project is the tenant: every other table carries project_id and every query filters on it.
export const projects = pgTable(
  "projects",
  {
    id: serial("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    // IANA zone; period boundaries (days, weeks, months) of every analysis use it.
    timeZone: text("time_zone").notNull().default("UTC"),
    settings: jsonb("settings").$type<ProjectSettings>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // URL → project: every /projects/{slug} page and /api/v1/projects/{slug} route.
    uniqueIndex("projects_slug_key").on(t.slug),
  ],
);

// A project's secrets, kept apart from `projects` so that no page or API answer that reads a
// project can carry them. hash_key: the HMAC key of the PII hashes (lib/ingest/privacy).
export const projectSecrets = pgTable("project_secrets", {
  projectId: integer("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  hashKey: text("hash_key").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
