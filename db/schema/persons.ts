import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { idText } from "./columns";
import { type EventDimension, eventDimensions } from "./dimensions";
import { projects } from "./projects";

// A person is a resolved identity: every distinct id (anonymousId, userId, alias) points to one.
// Distributed by id on Citus, colocated with events.person_id.
export const persons = pgTable(
  "persons",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    // True once a userId is attached: an identified person is never merged into another by identify.
    isIdentified: boolean("is_identified").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Person search and listing per project.
    index("persons_project_id_idx").on(t.projectId, t.id),
    // People search by email (exact or prefix, any case): lower(properties->>'email')
    // text_pattern_ops in the migration, so `like 'ada@%'` is an index range.
    index("persons_email_idx").on(t.projectId, sql`lower(${t.properties} ->> 'email')`),
  ],
);

// The days (of the project's time zone) on which a person did anything, kept at ingestion
// (lib/ingest/person-days.ts): "came back in week k" for any event reads a row per active day
// instead of every event (retention, lib/analytics/retention/query.ts). Merged with the person
// (identity.ts). Distributed by person on Citus, colocated with events.
export const personDays = pgTable(
  "person_days",
  {
    projectId: integer("project_id").notNull(),
    personId: bigint("person_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
  },
  (t) => [
    // A batch's insert per (person, day), and a person's days in order (merges).
    primaryKey({ name: "person_days_pkey", columns: [t.projectId, t.personId, t.day] }),
    // A range of days for every person (retention's returns), index-only.
    index("person_days_day_idx").on(t.projectId, t.day, t.personId),
  ],
);

/** The events' dimensions person_stats keeps of a person's first event, as `first_<column>`. */
export const personStatsFirstColumns = eventDimensions;
export type PersonStatsFirstColumn = EventDimension;

// A person's activity, kept at ingestion (lib/ingest/person-stats.ts) in a narrow table of its own
// so that a batch does not rewrite wide person rows: the people list sorts by it without reading
// events. Merged with the person (identity.ts). Distributed by person on Citus, colocated.
export const personStats = pgTable(
  "person_stats",
  {
    projectId: integer("project_id").notNull(),
    personId: bigint("person_id", { mode: "number" }).notNull(),
    firstSeen: timestamp("first_seen", { withTimezone: true, mode: "string" }).notNull(),
    lastSeen: timestamp("last_seen", { withTimezone: true, mode: "string" }).notNull(),
    eventCount: bigint("event_count", { mode: "number" }).notNull(),
    // The promoted columns of the first event (at first_seen; when several events share that
    // instant, the least value of each, nulls ignored: what min() over them gives): a first-time
    // cohort's breakdown by a dimension reads them instead of a probe of each member's first event.
    // Kept through merges and late events (an earlier event replaces them). personStatsFirstColumns.
    firstOs: text("first_os"),
    firstBrowser: text("first_browser"),
    firstDeviceType: text("first_device_type"),
    firstAppVersion: text("first_app_version"),
    firstCountry: text("first_country"),
    firstLocale: text("first_locale"),
    firstPath: text("first_path"),
  },
  (t) => [
    // A batch's upsert per person (primary key).
    primaryKey({ name: "person_stats_pkey", columns: [t.projectId, t.personId] }),
    // The people list by last seen (its default order), keyset on (last_seen, person_id).
    index("person_stats_last_seen_idx").on(t.projectId, t.lastSeen, t.personId),
  ],
);

// distinct id as sent → person. On Citus: distributed by distinct_id (it is looked up by it).
export const personDistinctIds = pgTable(
  "person_distinct_ids",
  {
    projectId: integer("project_id").notNull(),
    distinctId: idText("distinct_id").notNull(),
    personId: bigint("person_id", { mode: "number" }).notNull(),
    // Sent as a userId when first seen (not an anonymousId): what a person is called in lists.
    isUserId: boolean("is_user_id").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Ingestion: resolve the distinct ids of a batch (primary key).
    primaryKey({ name: "person_distinct_ids_pkey", columns: [t.projectId, t.distinctId] }),
    // Person page (merged identities) and merges (re-point every id of the merged person).
    index("person_distinct_ids_person_idx").on(t.projectId, t.personId),
  ],
);

// Old person id → the person it was merged into, so links to a merged person keep working.
export const personMerges = pgTable(
  "person_merges",
  {
    projectId: integer("project_id").notNull(),
    fromPersonId: bigint("from_person_id", { mode: "number" }).notNull(),
    toPersonId: bigint("to_person_id", { mode: "number" }).notNull(),
    mergedAt: timestamp("merged_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Person page: redirect a merged-away id (primary key).
    primaryKey({ name: "person_merges_pkey", columns: [t.projectId, t.fromPersonId] }),
    // Deleting a person (lib/lifecycle/delete-person.ts): the merges into them.
    index("person_merges_to_idx").on(t.projectId, t.toPersonId),
  ],
);

// Merges of two identified persons, which only an admin may do (lib/persons/merge-persons.ts):
// who merged whom and when, the ids and the number of events that moved.
export const personMergeLog = pgTable(
  "person_merge_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: integer("project_id").notNull(),
    fromPersonId: bigint("from_person_id", { mode: "number" }).notNull(),
    toPersonId: bigint("to_person_id", { mode: "number" }).notNull(),
    /** "key lp_s_abcd" (a secret key's prefix) or "cli". */
    mergedBy: text("merged_by").notNull(),
    mergedAt: timestamp("merged_at", { withTimezone: true }).notNull().defaultNow(),
    distinctIds: text("distinct_ids").array().notNull(),
    eventsMoved: integer("events_moved").notNull(),
  },
  (t) => [
    // A project's merge history, newest first.
    index("person_merge_log_project_idx").on(t.projectId, t.mergedAt),
  ],
);
