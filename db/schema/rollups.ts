import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, timestamp } from "drizzle-orm/pg-core";

// Event counts per UTC hour, written in the ingestion transaction. Serves count trends, the
// overview volume chart and the catalog's volume without touching events. Batches only append
// rows (several per key; readers sum them), so concurrent batches never wait on one another's
// counters; compactRollups (lib/ingest/rollups.ts) folds the keys that received deltas back to
// one row every minute (90 days × 40 names ≈ 86k rows per project).
export const eventCountsHourly = pgTable(
  "event_counts_hourly",
  {
    projectId: integer("project_id").notNull(),
    eventId: integer("event_id").notNull(),
    hour: timestamp("hour", { withTimezone: true, mode: "string" }).notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
    // True for a batch's delta, false for a folded row: compaction only visits keys with deltas.
    delta: boolean("delta").notNull().default(true),
  },
  (t) => [
    // Count trends: one event (or all) over [from, to) by hour; INCLUDE (count) is added by hand in
    // migration 0002 so the sums are index-only scans.
    index("event_counts_hourly_key_idx").on(t.projectId, t.eventId, t.hour),
    // Compaction: the keys that received deltas since the last fold (small: about a minute's worth).
    index("event_counts_hourly_delta_idx").on(t.projectId, t.eventId, t.hour).where(sql`delta`),
  ],
);
