import { integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { projects } from "./projects";

export const apiKeyKinds = ["write", "secret"] as const;
export type ApiKeyKind = (typeof apiKeyKinds)[number];
/** `pii:read`: answers carry personal data unmasked (lib/persons/pii.ts); without it, masked. */
export const apiKeyScopes = ["query:read", "deploys:write", "pii:read", "admin"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

// Keys are shown once and stored as SHA-256 hashes: they are 190-bit random tokens, so a slow
// password hash would add latency to every ingestion request without adding safety.
export const apiKeys = pgTable(
  "api_keys",
  {
    id: serial("id").primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    kind: text("kind").$type<ApiKeyKind>().notNull(),
    name: text("name").notNull(),
    // First characters of the key, to recognise it in lists without revealing it.
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes").array().$type<ApiKeyScope[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    // Authentication: hash of the presented key → key row (ingestion and API, every request).
    uniqueIndex("api_keys_key_hash_key").on(t.keyHash),
  ],
);
