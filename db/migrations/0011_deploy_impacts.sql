CREATE TABLE "deploy_impacts" (
	"deploy_id" bigint NOT NULL,
	"project_id" integer NOT NULL,
	"params" text NOT NULL,
	"fingerprint" text NOT NULL,
	"result" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deploy_impacts_pkey" PRIMARY KEY("deploy_id","params")
);
--> statement-breakpoint
ALTER TABLE "deploy_impacts" ADD CONSTRAINT "deploy_impacts_deploy_id_deploys_id_fk" FOREIGN KEY ("deploy_id") REFERENCES "public"."deploys"("id") ON DELETE cascade ON UPDATE no action;