import { checkMessageLimits } from "./limits";
import { type BatchContext, normalizeMessage } from "./normalize";
import { applyPrivacy, type Privacy } from "./privacy/apply";
import { redactText } from "./privacy/patterns";
import type { IssueCounter } from "./quality";
import { isObject } from "./sanitize";
import type { NormalizedEvent, Rejection } from "./types";

export type PrepareOptions = {
  receivedAtMs: number;
  /** The batch's top-level context (batchContextOf). */
  batchContext?: BatchContext;
  batchSentAt?: unknown;
  privacy: Privacy;
  issues: IssueCounter;
  /** The messages were parsed from JSON text that `jsonTextIsStorable` passed (./sanitize.ts). */
  storable?: boolean;
  /** Events older than this (ms since the epoch) are refused (`beyond_backfill_limit`); null: no limit. */
  oldestMs: number | null;
  /** The names of the batch the project may store (event-names.ts: the cap on distinct names). */
  admitNames: (names: string[]) => Promise<Set<string>>;
};

// Messages prepared per turn of the event loop. Between two slices, the database writes in flight
// (group-commit.ts) get their answers handled: one slice per turn, whatever the number of
// requests being prepared, so a write never waits behind all of them.
const SLICE = 64;
const turns: (() => void)[] = [];

function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    turns.push(resolve);
    if (turns.length === 1) setImmediate(giveTurn);
  });
}

function giveTurn(): void {
  turns.shift()?.();
  // Scheduled from the check phase, so it runs after the next poll for I/O.
  if (turns.length > 0) setImmediate(giveTurn);
}

/**
 * Everything between "messages arrived" and "write them": limits, normalization, PII rules, the
 * backfill limit, the cap on event names, and the data quality count of what was rejected or
 * altered. Shared by HTTP ingestion and the importer.
 */
export async function prepareMessages(
  messages: unknown[],
  options: PrepareOptions,
): Promise<{ events: NormalizedEvent[]; rejected: Rejection[] }> {
  const { receivedAtMs, batchContext, batchSentAt, privacy, issues, storable, oldestMs } = options;
  const prepared: NormalizedEvent[] = [];
  const rejected: Rejection[] = [];
  const refuse = (rejection: Rejection, event: string) => {
    rejected.push(rejection);
    issues.add(event, rejection.code);
  };
  for (let index = 0; index < messages.length; index++) {
    if (index > 0 && index % SLICE === 0) await nextTurn();
    const message = messages[index];
    const problem = checkMessageLimits(message);
    const result = problem
      ? { rejection: { index, messageId: messageIdOf(message), ...problem } }
      : normalizeMessage(message, index, { receivedAtMs, batchContext, batchSentAt, storable });
    if ("rejection" in result) {
      refuse(result.rejection, eventNameOf(message, privacy));
      continue;
    }
    const event = result.event;
    const reasons = applyPrivacy(event, privacy);
    if (oldestMs !== null && Date.parse(event.timestamp) < oldestMs) {
      const limit = new Date(oldestMs).toISOString();
      refuse(
        { index, messageId: event.messageId, code: "beyond_backfill_limit", message: `timestamp is before ${limit}` },
        event.event,
      );
      continue;
    }
    for (const reason of reasons) issues.add(event.event, reason);
    issues.addFlags(event);
    prepared.push(event);
  }
  const admitted = await options.admitNames([...new Set(prepared.map((e) => e.event))]);
  const events: NormalizedEvent[] = [];
  for (const event of prepared) {
    if (admitted.has(event.event)) events.push(event);
    else {
      const message = "the project has as many distinct event names as it may have: use an existing name";
      refuse({ index: event.index, messageId: event.messageId, code: "too_many_event_names", message }, "");
    }
  }
  return { events, rejected: rejected.sort((a, b) => a.index - b.index) };
}

const messageIdOf = (m: unknown) => (isObject(m) && typeof m.messageId === "string" ? m.messageId : null);

/** A rejected message's event name for data quality, with the project's patterns applied. */
function eventNameOf(message: unknown, privacy: Privacy): string {
  const name = isObject(message) && typeof message.event === "string" ? message.event.slice(0, 200) : "";
  return privacy.settings.pii?.redactPatterns === false ? name : redactText(name);
}
