import type { Db } from "@/db/connect";
import type { ProjectSettings } from "@/db/schema/projects";
import { normalizeMessage } from "@/lib/ingest/normalize";
import { prepareMessages } from "@/lib/ingest/prepare";
import { IssueCounter } from "@/lib/ingest/quality";
import type { NormalizedEvent } from "@/lib/ingest/types";
import { writeEvents } from "@/lib/ingest/write-events";
import { getHashKey } from "@/lib/projects/secrets";

let counter = 0;

/** Sends Segment-style messages through normalize → writeEvents, as ingestion does. */
export async function ingest(db: Db, projectId: number, messages: Record<string, unknown>[], receivedAt?: string) {
  return writeEvents(db, projectId, normalized(messages, receivedAt));
}

/** Segment-style messages as ingestion hands them to the writer (a messageId is added if missing). */
export function normalized(messages: Record<string, unknown>[], receivedAt?: string): NormalizedEvent[] {
  const receivedAtMs = receivedAt ? Date.parse(receivedAt) : Date.now();
  return messages.map((message, index) => {
    const result = normalizeMessage({ messageId: `t-${++counter}`, ...message }, index, { receivedAtMs });
    if ("rejection" in result) throw new Error(result.rejection.message);
    return result.event;
  });
}

/** `track` shorthand: who did what when. */
export const track = (
  who: { userId?: string; anonymousId?: string },
  event: string,
  timestamp: string,
  extra: Record<string, unknown> = {},
) => ({
  type: "track",
  event,
  timestamp,
  ...who,
  ...extra,
});

/**
 * The whole ingestion path but HTTP (limits, PII rules with the project's key, name cap, writer),
 * one message per batch in order, as separate requests would arrive.
 */
export async function ingestOneByOne(
  db: Db,
  project: { id: number; settings: ProjectSettings },
  messages: Record<string, unknown>[],
) {
  const privacy = { settings: project.settings, hashKey: await getHashKey(db, project.id) };
  for (const message of messages) {
    const receivedAtMs = Date.parse(String(message.timestamp ?? new Date().toISOString())) + 1_000;
    const { events, rejected } = await prepareMessages([{ messageId: `o-${++counter}`, ...message }], {
      receivedAtMs,
      privacy,
      issues: new IssueCounter(),
      oldestMs: null,
      admitNames: async (names) => new Set(names),
    });
    if (rejected.length > 0) throw new Error(rejected[0]?.message);
    await writeEvents(db, project.id, events);
  }
}
