import { sql } from "drizzle-orm";
import { integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { projects } from "./projects";

// The event catalog, and the dictionary that integer-encodes event names in `events.event_id`.
export const eventDefinitions = pgTable(
  "event_definitions",
  {
    id: serial("id").primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // When the newest event of this name arrived (to within a few seconds, lib/ingest/catalog.ts):
    // data freshness without scanning events. Volume and first/last seen come from
    // event_counts_hourly (lib/analytics/catalog), so no batch has to update this hot row.
    lastReceivedAt: timestamp("last_received_at", { withTimezone: true }).notNull(),
    description: text("description"),
    owner: text("owner"),
    status: text("status").$type<"active" | "verified" | "hidden">().notNull().default(sql`'active'`),
  },
  (t) => [
    // Name → id at ingestion and in every query that names an event.
    uniqueIndex("event_definitions_project_name_key").on(t.projectId, t.name),
  ],
);
