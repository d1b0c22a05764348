CREATE TABLE "ingest_minutes" (
	"project_id" integer NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"requests" integer NOT NULL,
	"events" integer NOT NULL,
	"refused" jsonb NOT NULL,
	"latency" integer[] NOT NULL,
	"queue_max" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ingest_minutes_project_minute_idx" ON "ingest_minutes" USING btree ("project_id","minute");