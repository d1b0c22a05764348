-- Hand-edited: rows that exist are folded already (false: 0002 and 0003 land together, so no
-- delta predates this column); new rows are deltas (default true).
ALTER TABLE "event_counts_hourly" ADD COLUMN "delta" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "event_counts_hourly" ALTER COLUMN "delta" SET DEFAULT true;--> statement-breakpoint
CREATE INDEX "event_counts_hourly_delta_idx" ON "event_counts_hourly" USING btree ("project_id","event_id","hour") WHERE delta;