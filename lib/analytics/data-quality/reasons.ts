import { limits } from "@/lib/ingest/limits";

/**
 * What happened to the events behind an ingest_issues reason: `rejected` (not stored), `altered`
 * (stored, but not as sent) or `duplicate` (a message id already stored: dropped, stored once).
 */
export type ReasonClass = "rejected" | "altered" | "duplicate";

const rejected = (explanation: string) => ({ classification: "rejected" as const, explanation });
const altered = (explanation: string) => ({ classification: "altered" as const, explanation });
const receipt = "stored at the time of receipt, the raw value kept in properties.$raw_timestamp";

/** Every reason lib/ingest counts (docs/api.md#limits), with what it means for the data. */
export const REASONS: Record<string, { classification: ReasonClass; explanation: string }> = {
  invalid_message: rejected("The message was not a JSON object."),
  invalid_type: rejected("`type` was not track, identify, group, page, screen or alias."),
  missing_identity: rejected("Neither userId nor anonymousId was sent (an alias needs previousId and userId)."),
  missing_event: rejected("A track call without an event name."),
  missing_group_id: rejected("A group call without a groupId."),
  id_too_long: rejected(
    `An id or the event name is over ${limits.idLength} characters: refused rather than cut, which could make two ids one.`,
  ),
  invalid_id: rejected("A numeric id beyond 2^53, which JSON cannot carry exactly: send it as a string."),
  event_too_large: rejected(`The event is over ${limits.eventBytes / 1024} KB.`),
  too_deep: rejected(`Nested deeper than ${limits.depth} levels.`),
  too_many_keys: rejected(`More than ${limits.keys.toLocaleString("en")} property names.`),
  key_too_long: rejected(`A property name over ${limits.keyLength} characters.`),
  beyond_backfill_limit: rejected("The timestamp is older than the project keeps (its backfill limit)."),
  too_many_event_names: rejected(
    "A new event name in a project that has as many names as it may: use an existing one.",
  ),
  too_many_events: rejected(
    `A batch of more than ${limits.batchEvents.toLocaleString("en")} messages, refused whole: counted once per request, not per event.`,
  ),
  suppressed: rejected(
    "The event named an id of a person deleted with suppression: acknowledged, not stored (docs/data-lifecycle.md).",
  ),
  future_timestamp: altered(`The timestamp was more than 23 h in the future: ${receipt}.`),
  unparseable_timestamp: altered(`The timestamp could not be read: ${receipt}.`),
  too_old_timestamp: altered(`The timestamp was before 2000 once corrected: ${receipt}.`),
  sanitized_text: altered("NUL characters or lone surrogates were replaced by U+FFFD."),
  missing_message_id: altered("No messageId: one was assigned, so a retry of the message cannot be deduplicated."),
  merge_refused: altered(
    "Stored, but the merge of two identified persons it asked for was refused: an admin merges them.",
  ),
  pii_dropped: altered("Properties named in the project's PII rules were removed before storage."),
  pii_hashed: altered(
    "Properties or ids were replaced by a keyed hash (the project's PII rules, or an id holding an email).",
  ),
  pii_redacted: altered("Emails, phone or card numbers in text were replaced by [redacted:…]."),
  duplicate: {
    classification: "duplicate",
    explanation: "A messageId already stored in the last 30 days: dropped, the event is stored once.",
  },
};

/** A reason's class and explanation; a reason this version does not know is taken as a rejection. */
export function describeReason(reason: string): { classification: ReasonClass; explanation: string } {
  const known = Object.hasOwn(REASONS, reason) ? REASONS[reason] : undefined;
  return known ?? rejected(`Refused at ingestion (${reason}).`);
}
