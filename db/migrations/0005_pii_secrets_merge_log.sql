CREATE TABLE "person_merge_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"from_person_id" bigint NOT NULL,
	"to_person_id" bigint NOT NULL,
	"merged_by" text NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"distinct_ids" text[] NOT NULL,
	"events_moved" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_secrets" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"hash_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_secrets" ADD CONSTRAINT "project_secrets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_merge_log_project_idx" ON "person_merge_log" USING btree ("project_id","merged_at");