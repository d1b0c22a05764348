-- The days each person was active, in the project's time zone (generated, then edited by hand:
-- filled from the events already stored, before its second index is built). Reads every event
-- once: on a large installation, run it in a quiet hour.
CREATE TABLE "person_days" (
	"project_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "person_days_pkey" PRIMARY KEY("project_id","person_id","day")
);
--> statement-breakpoint
INSERT INTO "person_days" ("project_id", "person_id", "day")
SELECT DISTINCT e."project_id", e."person_id", (e."timestamp" AT TIME ZONE p."time_zone")::date
FROM "events" e JOIN "projects" p ON p."id" = e."project_id";--> statement-breakpoint
CREATE INDEX "person_days_day_idx" ON "person_days" USING btree ("project_id","day","person_id");