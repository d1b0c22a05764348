import { integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";
import { idText } from "./columns";
import { projects } from "./projects";

/**
 * Distinct ids whose later events are dropped at ingestion: written when a person is deleted
 * with "suppress" (lib/lifecycle/delete-person.ts), so a deleted person does not come back with
 * the next batch their device sends.
 */
export const suppressedIds = pgTable(
  "suppressed_ids",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    distinctId: idText("distinct_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.distinctId] })],
);
