-- Message ids and distinct ids compared byte by byte (db/schema/columns.ts). Text to text: no
-- table rewrite, but each primary key is rebuilt under an exclusive lock (seconds per million
-- rows): on a large installation, run it in a quiet hour.
ALTER TABLE "ingest_message_ids" ALTER COLUMN "message_id" SET DATA TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "person_distinct_ids" ALTER COLUMN "distinct_id" SET DATA TYPE text COLLATE "C";