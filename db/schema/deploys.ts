import {
  bigint,
  bigserial,
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

export const deploys = pgTable(
  "deploys",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull(),
    service: text("service").notNull(),
    version: text("version").notNull(),
    environment: text("environment").notNull().default("production"),
    commit: text("commit"),
    description: text("description"),
    url: text("url"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Deploy markers on every time axis: deploys of a project in [from, to).
    index("deploys_project_time_idx").on(t.projectId, t.timestamp),
    // Idempotent POST /api/v1/deploys: one deploy per service, environment and version.
    uniqueIndex("deploys_project_service_env_version_key").on(t.projectId, t.service, t.environment, t.version),
  ],
);

// Deploy impact results kept for the deploys list's badges and a deploy's page
// (lib/analytics/deploy-impact/cache.ts): valid while their fingerprint — the windows' hourly
// event counts, the key events, the deploys that follow, the analysis' version — is unchanged
// and they are less than a day old. A reference table on Citus.
export const deployImpacts = pgTable(
  "deploy_impacts",
  {
    deployId: bigint("deploy_id", { mode: "number" })
      .notNull()
      .references(() => deploys.id, { onDelete: "cascade" }),
    projectId: integer("project_id").notNull(),
    // The request's parameters that change the result (window, weeks, dimensions), as text.
    params: text("params").notNull(),
    fingerprint: text("fingerprint").notNull(),
    result: jsonb("result").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "deploy_impacts_pkey", columns: [t.deployId, t.params] })],
);
