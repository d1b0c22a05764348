-- Hand-edited: INCLUDE ("count") added (drizzle-kit cannot express it). Rollup rows become
-- append-only deltas (see db/schema/rollups.ts); catalog volume and seen-times are derived from them.
ALTER TABLE "event_counts_hourly" DROP CONSTRAINT "event_counts_hourly_pkey";--> statement-breakpoint
CREATE INDEX "event_counts_hourly_key_idx" ON "event_counts_hourly" USING btree ("project_id","event_id","hour") INCLUDE ("count");--> statement-breakpoint
ALTER TABLE "event_definitions" DROP COLUMN "first_seen_at";--> statement-breakpoint
ALTER TABLE "event_definitions" DROP COLUMN "last_seen_at";--> statement-breakpoint
ALTER TABLE "event_definitions" DROP COLUMN "volume";