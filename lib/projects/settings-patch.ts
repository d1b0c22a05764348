import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rows } from "@/db/connect";
import { type ProjectSettings, projects } from "@/db/schema/projects";
import { isValidTimeZone } from "@/lib/time/zone";
import type { Project } from "./projects";

/**
 * What the settings page (and PATCH …/settings) may change, each field optional. The time zone
 * can change only while the project holds no events: every stored day bucket (person_days) and
 * every saved period boundary was cut in the old zone (docs/access.md#settings).
 */
const propertyNames = z.array(z.string().trim().min(1).max(200)).max(200);
/**
 * The key events in the order users go through them (deploy impact's conversions, account
 * health): up to 10 names; none goes back to the default, the project's five most frequent.
 */
export const keyEventsSchema = z.array(z.string().trim().min(1).max(200)).max(10);

/** `settings` with these key events: repeats dropped, none clears them. */
export function withKeyEvents(settings: ProjectSettings, events: string[]): ProjectSettings {
  const { keyEvents: _old, ...rest } = settings;
  const unique = [...new Set(events)];
  return unique.length === 0 ? rest : { ...rest, keyEvents: unique };
}

export const settingsPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  timeZone: z.string().refine(isValidTimeZone, "an IANA time zone such as Europe/Paris").optional(),
  retentionDays: z.number().int().min(1).max(36_500).nullable().optional(),
  ingestRateLimit: z.number().int().min(1).max(1_000_000).nullable().optional(),
  ipHandling: z.enum(["truncate", "discard"]).optional(),
  keyEvents: keyEventsSchema.nullable().optional(),
  pii: z
    .strictObject({
      drop: propertyNames.optional(),
      hash: propertyNames.optional(),
      redactPatterns: z.boolean().optional(),
      stripUrlSecrets: z.boolean().optional(),
    })
    .optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** The settings a page shows: never the demo's bookkeeping. */
export function publicSettings(project: Project) {
  const { demo: _demo, ...settings } = project.settings;
  return { name: project.name, slug: project.slug, timeZone: project.timeZone, settings };
}

export class SettingsConflict extends Error {}

/** Applies the patch; returns the fields that changed (for the audit log). */
export async function applySettingsPatch(db: Db, project: Project, patch: SettingsPatch): Promise<string[]> {
  const next: ProjectSettings = { ...project.settings };
  const changed: string[] = [];
  // A number, or null to go back to the default.
  for (const key of ["retentionDays", "ingestRateLimit"] as const) {
    const value = patch[key];
    if (value === undefined || value === (project.settings[key] ?? null)) continue;
    if (value === null) delete next[key];
    else next[key] = value;
    changed.push(key);
  }
  if (patch.ipHandling && patch.ipHandling !== (project.settings.ipHandling ?? "truncate")) {
    next.ipHandling = patch.ipHandling;
    changed.push("ipHandling");
  }
  if (patch.keyEvents !== undefined) {
    const { keyEvents } = withKeyEvents(next, patch.keyEvents ?? []);
    if (JSON.stringify(keyEvents ?? []) !== JSON.stringify(project.settings.keyEvents ?? [])) {
      if (keyEvents) next.keyEvents = keyEvents;
      else delete next.keyEvents;
      changed.push("keyEvents");
    }
  }
  if (patch.pii) {
    next.pii = { ...project.settings.pii, ...patch.pii };
    if (JSON.stringify(next.pii) !== JSON.stringify(project.settings.pii ?? {})) changed.push("pii");
  }
  const timeZoneChanges = patch.timeZone !== undefined && patch.timeZone !== project.timeZone;
  if (timeZoneChanges) {
    const [held] = await rows<{ any: boolean }>(
      db,
      sql`select exists (select 1 from events where project_id = ${project.id}) as any`,
    );
    if (held?.any) {
      throw new SettingsConflict("The time zone can change only while the project holds no events.");
    }
    changed.push("timeZone");
  }
  const nameChanges = patch.name !== undefined && patch.name !== project.name;
  if (nameChanges) changed.push("name");
  if (changed.length === 0) return changed;
  await db
    .update(projects)
    .set({
      settings: next,
      ...(nameChanges ? { name: patch.name } : {}),
      ...(timeZoneChanges ? { timeZone: patch.timeZone } : {}),
    })
    .where(eq(projects.id, project.id));
  return changed;
}
