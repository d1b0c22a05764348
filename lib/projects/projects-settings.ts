import { eq } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { type ProjectSettings, projects } from "@/db/schema/projects";
import { keyEventsSchema, withKeyEvents } from "./settings-patch";

export async function updateProjectSettings(db: Db, projectId: number, settings: ProjectSettings): Promise<void> {
  await db.update(projects).set({ settings }).where(eq(projects.id, projectId));
}

/** Ingestion settings as `npm run project -- settings` takes them (strings, as typed). */
export type IngestSettingsChange = {
  piiDrop?: string;
  piiHash?: string;
  redact?: string;
  urlSecrets?: string;
  ip?: string;
  rateLimit?: string;
  keyEvents?: string;
};

/**
 * `current` with the given changes: comma-separated property names for the drop and hash lists
 * (an empty value clears one), `on`/`off` for pattern redaction and for removing secret-named URL
 * parameters, `truncate`/`discard` for IPs, a
 * positive whole number of events per second (or `default`) for the rate limit, comma-separated
 * event names for the key events (an empty value goes back to the five most frequent). Throws a one-line
 * reason for a bad value.
 */
export function changeIngestSettings(current: ProjectSettings, change: IngestSettingsChange): ProjectSettings {
  const next: ProjectSettings = { ...current, pii: { ...current.pii } };
  const names = (value: string) =>
    value
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
  if (change.piiDrop !== undefined) next.pii = { ...next.pii, drop: names(change.piiDrop) };
  if (change.piiHash !== undefined) next.pii = { ...next.pii, hash: names(change.piiHash) };
  const onOff = (flag: string, value: string) => {
    if (value !== "on" && value !== "off") throw new Error(`--${flag} is on or off, not "${value}"`);
    return value === "on";
  };
  if (change.redact !== undefined) next.pii = { ...next.pii, redactPatterns: onOff("redact", change.redact) };
  if (change.urlSecrets !== undefined) {
    next.pii = { ...next.pii, stripUrlSecrets: onOff("url-secrets", change.urlSecrets) };
  }
  if (change.ip !== undefined) {
    if (change.ip !== "truncate" && change.ip !== "discard") {
      throw new Error(`--ip is truncate or discard, not "${change.ip}"`);
    }
    next.ipHandling = change.ip;
  }
  if (change.rateLimit !== undefined) {
    if (change.rateLimit === "default") delete next.ingestRateLimit;
    else {
      const rate = Number(change.rateLimit);
      if (!Number.isInteger(rate) || rate < 1) {
        throw new Error(`--rate-limit is a whole number of events per second, or "default", not "${change.rateLimit}"`);
      }
      next.ingestRateLimit = rate;
    }
  }
  if (change.keyEvents !== undefined) {
    // The same rules as the settings page's (PATCH …/settings).
    const events = keyEventsSchema.safeParse(names(change.keyEvents));
    if (!events.success)
      throw new Error(`--key-events: ${events.error.issues[0]?.message ?? "not a list of event names"}`);
    return withKeyEvents(next, events.data);
  }
  return next;
}
