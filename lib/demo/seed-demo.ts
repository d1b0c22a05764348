import type { Db } from "@/db/connect";
import { recordDeploy } from "@/lib/deploys/deploys";
import { normalizeMessage } from "@/lib/ingest/normalize";
import type { NormalizedEvent } from "@/lib/ingest/types";
import { writeEvents } from "@/lib/ingest/write-events";
import { createProject, type Project } from "@/lib/projects/projects";
import { updateProjectSettings } from "@/lib/projects/projects-settings";
import { planDemo } from "./generate";

export type SeedOptions = {
  slug: string;
  events: number;
  seed: number;
  end?: Date;
  onStart?: (total: number) => void;
  onProgress?: (written: number) => void;
};

export type SeedSummary = { project: Project; accepted: number; duplicates: number; users: number; deploys: number };

const BATCH = 1_000;
export const DEMO_KEY_EVENTS = ["product_viewed", "add_to_cart", "checkout_started", "purchase"] as const;

/**
 * Creates (or reuses) a project and fills it with the demo product, through the same
 * normalize → writeEvents path as HTTP ingestion. Message ids are derived from the seed, so running
 * it twice with the same options stores nothing twice.
 */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedSummary> {
  const end = options.end ?? new Date();
  const created = await createProject(db, { slug: options.slug, name: "Demo shop" });
  // The shop funnel's steps are the demo's key events: deploy impact judges their conversions.
  const project = created.settings.keyEvents
    ? created
    : { ...created, settings: { ...created.settings, keyEvents: [...DEMO_KEY_EVENTS] } };
  if (project !== created) await updateProjectSettings(db, project.id, project.settings);
  const demo = planDemo({ events: options.events, seed: options.seed, end });
  for (const deploy of demo.deploys) await recordDeploy(db, project.id, deploy);

  options.onStart?.(options.events);
  let accepted = 0;
  let duplicates = 0;
  let written = 0;
  for (const day of demo.days()) {
    for (let i = 0; i < day.length; i += BATCH) {
      const events: NormalizedEvent[] = [];
      day.slice(i, i + BATCH).forEach((message, index) => {
        // Pretend each event reached us a couple of seconds after it happened.
        const receivedAtMs = Date.parse(message.timestamp as string) + 2_000;
        const result = normalizeMessage(message, index, { receivedAtMs });
        if ("event" in result) events.push(result.event);
        else throw new Error(`demo generator produced an invalid message: ${result.rejection.message}`);
      });
      const result = await writeEvents(db, project.id, events);
      accepted += result.accepted;
      duplicates += result.duplicates;
      written += events.length;
      options.onProgress?.(written);
    }
  }
  return { project, accepted, duplicates, users: demo.users, deploys: demo.deploys.length };
}
