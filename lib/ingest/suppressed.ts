import { sql } from "drizzle-orm";
import type { Pipeline } from "@/db/pipeline";
import { idsOf } from "./identity";
import type { NormalizedEvent } from "./types";

/**
 * Sends the read of the batch's ids that are suppressed (written when a person is deleted with
 * `suppress`, lib/lifecycle/delete-person.ts): one primary-key probe per id, like readKnownIds.
 * Issued right after readKnownIds, in the same transaction: that read waits for a deletion
 * holding the person's row, so this one, a statement later, sees the ids the deletion
 * suppressed. No cache, so no process ever stores a suppressed id's event after the deletion
 * committed.
 */
export async function readSuppressedIds(
  p: Pipeline,
  projectId: number,
  events: NormalizedEvent[],
): Promise<Set<string>> {
  const found = await p.rows<{ distinct_id: string }>(
    sql`select distinct_id from suppressed_ids
        where project_id = ${projectId} and distinct_id = any(${sql.param(idsOf(events))}::text[])`,
  );
  return new Set(found.map((row) => row.distinct_id));
}

/** The events naming a suppressed id anywhere (as the id stored, or the other id of a link or alias). */
export function suppressedEvents(events: NormalizedEvent[], suppressed: Set<string>): Set<NormalizedEvent> {
  if (suppressed.size === 0) return new Set();
  return new Set(events.filter((event) => idsOf([event]).some((id) => suppressed.has(id))));
}
