import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per stored event. The table is range-partitioned by month on `timestamp` (the migration
 * says PARTITION BY; drizzle-kit cannot) and partitions are created on demand by the writer.
 * Columns are ordered 8-byte, 4-byte, 2-byte, then variable width so rows carry no padding.
 * Reasoning and the query → index map: docs/architecture.md.
 */
export const events = pgTable(
  "events",
  {
    // Tie-breaker for keyset pagination of timelines; not unique across partitions by constraint.
    id: bigserial("id", { mode: "number" }).notNull(),
    // Corrected time (DESIGN §4): receivedAt − (sentAt − originalTimestamp).
    timestamp: timestamp("timestamp", { withTimezone: true, mode: "string" }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "string" }).notNull(),
    // Resolved identity; rewritten when the person is merged into another (identify, alias).
    personId: bigint("person_id", { mode: "number" }).notNull(),
    // context.groupId as sent. Account analytics use membership at query time (DESIGN §3), so
    // this column is informational and not indexed.
    accountId: bigint("account_id", { mode: "number" }),
    projectId: integer("project_id").notNull(),
    // event_definitions.id: names are integer-encoded (4 bytes instead of ~15, and in every index).
    eventId: integer("event_id").notNull(),
    // sentAt − receivedAt in ms when sentAt was sent: with `timestamp` it gives back the raw time.
    clockSkewMs: integer("clock_skew_ms"),
    // Bit set of ingestion findings (future timestamp, unparseable timestamp, sanitized text…).
    flags: smallint("flags").notNull().default(0),
    distinctId: text("distinct_id").notNull(),
    messageId: text("message_id").notNull(),
    sessionId: text("session_id"),
    // Segment context promoted to typed columns: the dimensions of breakdowns and root causes.
    os: text("os"),
    browser: text("browser"),
    deviceType: text("device_type"),
    appVersion: text("app_version"),
    country: text("country"),
    locale: text("locale"),
    path: text("path"),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    // Per person in time order: funnels, timelines (keyset on timestamp, id), retention per
    // person, identity merges (rewrite one person's rows). INCLUDE (event_id) in the migration: a
    // person's counts by event name, and timelines filtered by event, are index-only.
    index("events_person_time_idx").on(t.projectId, t.personId, t.timestamp, t.id),
    // Per event name and time: trends, anomalies, deploy impact, top events (INCLUDE person_id in
    // the migration, so unique-person counts are index-only scans).
    index("events_event_time_idx").on(t.projectId, t.eventId, t.timestamp),
  ],
);

/** Bits of events.flags. */
export const eventFlags = {
  futureTimestamp: 1,
  unparseableTimestamp: 2,
  sanitizedText: 4,
  generatedMessageId: 8,
  /** Before 2000-01-01 once corrected: stored at receivedAt, like an unparseable one. */
  tooOldTimestamp: 16,
} as const;
