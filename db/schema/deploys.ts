import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
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
