import type { Db } from "@/db/connect";
import { normalizeMessage } from "@/lib/ingest/normalize";
import type { NormalizedEvent } from "@/lib/ingest/types";
import { writeEvents } from "@/lib/ingest/write-events";

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
