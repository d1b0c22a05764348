ALTER TABLE "person_stats" ADD COLUMN "first_os" text;--> statement-breakpoint
ALTER TABLE "person_stats" ADD COLUMN "first_browser" text;--> statement-breakpoint
ALTER TABLE "person_stats" ADD COLUMN "first_device_type" text;--> statement-breakpoint
ALTER TABLE "person_stats" ADD COLUMN "first_app_version" text;--> statement-breakpoint
ALTER TABLE "person_stats" ADD COLUMN "first_country" text;--> statement-breakpoint
ALTER TABLE "person_stats" ADD COLUMN "first_locale" text;--> statement-breakpoint
ALTER TABLE "person_stats" ADD COLUMN "first_path" text;--> statement-breakpoint
-- Hand-added after drizzle-kit generate: the persons already seen get their first event's columns
-- (min() over the events at first_seen, as the ingestion writer keeps them).
UPDATE "person_stats" s SET
	"first_os" = f.os, "first_browser" = f.browser, "first_device_type" = f.device_type,
	"first_app_version" = f.app_version, "first_country" = f.country, "first_locale" = f.locale, "first_path" = f.path
FROM (
	SELECT e.project_id, e.person_id, min(e.os) AS os, min(e.browser) AS browser, min(e.device_type) AS device_type,
		min(e.app_version) AS app_version, min(e.country) AS country, min(e.locale) AS locale, min(e.path) AS path
	FROM "events" e JOIN "person_stats" p
		ON p.project_id = e.project_id AND p.person_id = e.person_id AND e.timestamp = p.first_seen
	GROUP BY 1, 2
) f
WHERE s.project_id = f.project_id AND s.person_id = f.person_id;
