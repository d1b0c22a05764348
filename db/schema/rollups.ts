import { bigint, integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";

// Event counts per UTC hour, maintained in the ingestion transaction. Serves count trends and the
// overview volume chart without touching events (90 days × 40 names ≈ 86k rows per project).
export const eventCountsHourly = pgTable(
  "event_counts_hourly",
  {
    projectId: integer("project_id").notNull(),
    eventId: integer("event_id").notNull(),
    hour: timestamp("hour", { withTimezone: true, mode: "string" }).notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [
    // Count trends: one event (or all) over [from, to) by hour (primary key).
    primaryKey({ name: "event_counts_hourly_pkey", columns: [t.projectId, t.eventId, t.hour] }),
  ],
);
