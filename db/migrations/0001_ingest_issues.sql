CREATE TABLE "ingest_issues" (
	"project_id" integer NOT NULL,
	"day" date NOT NULL,
	"event" text NOT NULL,
	"reason" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "ingest_issues_pkey" PRIMARY KEY("project_id","day","event","reason")
);
