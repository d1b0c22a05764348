import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { idText } from "./columns";

// Exactly-once ingestion: a message id is claimed here in the same transaction that stores its
// event. Kept apart from events so events need no unique index (which Citus could not enforce
// unless it held the distribution column) and old ids can be pruned after the dedup window.
export const ingestMessageIds = pgTable(
  "ingest_message_ids",
  {
    projectId: integer("project_id").notNull(),
    messageId: idText("message_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Claim a batch's message ids (primary key).
    primaryKey({ name: "ingest_message_ids_pkey", columns: [t.projectId, t.messageId] }),
    // Pruning ids older than the dedup window.
    index("ingest_message_ids_received_idx").on(t.receivedAt),
  ],
);

// Data quality: events rejected or altered at ingestion, per day, event name and reason
// ("" when the event had no usable name). Read by the data quality view.
export const ingestIssues = pgTable(
  "ingest_issues",
  {
    projectId: integer("project_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    event: text("event").notNull(),
    reason: text("reason").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [
    // Upsert per batch, and the data quality view per project and day range (primary key).
    primaryKey({ name: "ingest_issues_pkey", columns: [t.projectId, t.day, t.event, t.reason] }),
  ],
);

// Ingestion's own health: what the app's processes answered write-key requests, per project and
// minute (lib/ingest/health.ts). Append-only: each process adds a row per minute it counted, every
// few seconds, and readers sum them (so processes never contend on a row). Read by the data quality
// view for the last hour; kept 7 days.
export const ingestMinutes = pgTable(
  "ingest_minutes",
  {
    projectId: integer("project_id").notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    /** Requests that reached the writer (answered 200), and the events they stored. */
    requests: integer("requests").notNull(),
    events: integer("events").notNull(),
    /** Requests refused, by their error code (rate_limited, too_many_events, invalid_body…). */
    refused: jsonb("refused").$type<Record<string, number>>().notNull(),
    /** Stored requests per answer-time bucket (LATENCY_BUCKETS_MS, then one for slower). */
    latency: integer("latency").array().notNull(),
    /** The most events waiting for a writer when a request arrived. */
    queueMax: integer("queue_max").notNull(),
  },
  (t) => [
    // The last hour of a project; pruning by age.
    index("ingest_minutes_project_minute_idx").on(t.projectId, t.minute),
  ],
);
