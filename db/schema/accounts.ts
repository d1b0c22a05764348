import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { idText } from "./columns";
import { projects } from "./projects";

// B2B accounts (Segment groups). Small relative to events: a reference table on Citus.
export const accounts = pgTable(
  "accounts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // Compared byte by byte (COLLATE "C"): groupId lookups, and prefix search as an index range.
    groupId: idText("group_id").notNull(),
    traits: jsonb("traits").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // groupId → account at ingestion and in /accounts/{groupId}; prefix search (C collation).
    uniqueIndex("accounts_project_group_key").on(t.projectId, t.groupId),
    // Accounts search by name (prefix, any case): text_pattern_ops in the migration.
    index("accounts_name_idx").on(t.projectId, sql`lower(${t.traits} ->> 'name')`),
  ],
);

// Membership at query time: account analytics join persons through this table.
export const accountMembers = pgTable(
  "account_members",
  {
    projectId: integer("project_id").notNull(),
    personId: bigint("person_id", { mode: "number" }).notNull(),
    accountId: bigint("account_id", { mode: "number" }).notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A person's accounts (person page, account.<trait> filters); distributed by person on Citus.
    primaryKey({ name: "account_members_pkey", columns: [t.projectId, t.personId, t.accountId] }),
    // An account's members (account page).
    index("account_members_account_idx").on(t.projectId, t.accountId),
  ],
);
