-- Hand-edited after drizzle-kit generate: events is PARTITION BY RANGE (timestamp) and
-- events_event_time_idx INCLUDEs person_id (drizzle-kit can express neither). See docs/architecture.md.
CREATE TABLE "account_members" (
	"project_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_members_pkey" PRIMARY KEY("project_id","person_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"group_id" text NOT NULL,
	"traits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deploys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"service" text NOT NULL,
	"version" text NOT NULL,
	"environment" text DEFAULT 'production' NOT NULL,
	"commit" text,
	"description" text,
	"url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_definitions" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"name" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"last_received_at" timestamp with time zone NOT NULL,
	"volume" bigint DEFAULT 0 NOT NULL,
	"description" text,
	"owner" text,
	"status" text DEFAULT 'active' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"person_id" bigint NOT NULL,
	"account_id" bigint,
	"project_id" integer NOT NULL,
	"event_id" integer NOT NULL,
	"clock_skew_ms" integer,
	"flags" smallint DEFAULT 0 NOT NULL,
	"distinct_id" text NOT NULL,
	"message_id" text NOT NULL,
	"session_id" text,
	"os" text,
	"browser" text,
	"device_type" text,
	"app_version" text,
	"country" text,
	"locale" text,
	"path" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL
) PARTITION BY RANGE ("timestamp");
--> statement-breakpoint
CREATE TABLE "ingest_message_ids" (
	"project_id" integer NOT NULL,
	"message_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingest_message_ids_pkey" PRIMARY KEY("project_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "person_distinct_ids" (
	"project_id" integer NOT NULL,
	"distinct_id" text NOT NULL,
	"person_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_distinct_ids_pkey" PRIMARY KEY("project_id","distinct_id")
);
--> statement-breakpoint
CREATE TABLE "person_merges" (
	"project_id" integer NOT NULL,
	"from_person_id" bigint NOT NULL,
	"to_person_id" bigint NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_merges_pkey" PRIMARY KEY("project_id","from_person_id")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_identified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_counts_hourly" (
	"project_id" integer NOT NULL,
	"event_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "event_counts_hourly_pkey" PRIMARY KEY("project_id","event_id","hour")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deploys" ADD CONSTRAINT "deploys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_definitions" ADD CONSTRAINT "event_definitions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_members_account_idx" ON "account_members" USING btree ("project_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_project_group_key" ON "accounts" USING btree ("project_id","group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "deploys_project_time_idx" ON "deploys" USING btree ("project_id","timestamp");--> statement-breakpoint
CREATE UNIQUE INDEX "deploys_project_service_env_version_key" ON "deploys" USING btree ("project_id","service","environment","version");--> statement-breakpoint
CREATE UNIQUE INDEX "event_definitions_project_name_key" ON "event_definitions" USING btree ("project_id","name");--> statement-breakpoint
CREATE INDEX "events_person_time_idx" ON "events" USING btree ("project_id","person_id","timestamp","id");--> statement-breakpoint
CREATE INDEX "events_event_time_idx" ON "events" USING btree ("project_id","event_id","timestamp") INCLUDE ("person_id");--> statement-breakpoint
CREATE INDEX "ingest_message_ids_received_idx" ON "ingest_message_ids" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "person_distinct_ids_person_idx" ON "person_distinct_ids" USING btree ("project_id","person_id");--> statement-breakpoint
CREATE INDEX "persons_project_id_idx" ON "persons" USING btree ("project_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_slug_key" ON "projects" USING btree ("slug");