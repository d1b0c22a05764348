-- People and accounts (generated, then edited by hand: text_pattern_ops on the search indexes and
-- INCLUDE on events_person_time_idx, which drizzle-kit cannot express; person_stats filled from
-- the events already stored). Rebuilding events_person_time_idx reads every event: on a large
-- installation, run it in a quiet hour.
CREATE TABLE "person_stats" (
	"project_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"event_count" bigint NOT NULL,
	CONSTRAINT "person_stats_pkey" PRIMARY KEY("project_id","person_id")
);
--> statement-breakpoint
INSERT INTO "person_stats" ("project_id", "person_id", "first_seen", "last_seen", "event_count")
SELECT "project_id", "person_id", min("timestamp"), max("timestamp"), count(*) FROM "events" GROUP BY 1, 2;--> statement-breakpoint
ALTER TABLE "person_distinct_ids" ADD COLUMN "is_user_id" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Ids already stored: one an $identify was sent with is a userId (identify always carries one).
UPDATE "person_distinct_ids" d SET "is_user_id" = true
FROM (SELECT DISTINCT e.project_id, e.distinct_id FROM "events" e
      JOIN "event_definitions" n ON n.id = e.event_id WHERE n.name = '$identify') x
WHERE d.project_id = x.project_id AND d.distinct_id = x.distinct_id;--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "group_id" SET DATA TYPE text COLLATE "C";--> statement-breakpoint
CREATE INDEX "person_stats_last_seen_idx" ON "person_stats" USING btree ("project_id","last_seen","person_id");--> statement-breakpoint
CREATE INDEX "accounts_name_idx" ON "accounts" USING btree ("project_id",lower("traits" ->> 'name') text_pattern_ops);--> statement-breakpoint
CREATE INDEX "persons_email_idx" ON "persons" USING btree ("project_id",lower("properties" ->> 'email') text_pattern_ops);--> statement-breakpoint
DROP INDEX "events_person_time_idx";--> statement-breakpoint
CREATE INDEX "events_person_time_idx" ON "events" USING btree ("project_id","person_id","timestamp","id") INCLUDE ("event_id");
