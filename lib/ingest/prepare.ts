import type { ProjectSettings } from "@/db/schema/projects";
import { checkMessageLimits } from "./limits";
import { normalizeMessage } from "./normalize";
import { applyPrivacy } from "./privacy";
import type { IssueCounter } from "./quality";
import { isObject } from "./sanitize";
import type { NormalizedEvent, Rejection } from "./types";

export type PrepareOptions = {
  receivedAtMs: number;
  batchContext?: Record<string, unknown>;
  batchSentAt?: unknown;
  projectId: number;
  settings: ProjectSettings;
  issues: IssueCounter;
  /** The messages were parsed from JSON text that `jsonTextIsStorable` passed (./sanitize.ts). */
  storable?: boolean;
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
 * Everything between "messages arrived" and "write them": limits, normalization, PII rules and
 * the data quality count of what was rejected or altered. Shared by HTTP ingestion and the importer.
 */
export async function prepareMessages(
  messages: unknown[],
  options: PrepareOptions,
): Promise<{ events: NormalizedEvent[]; rejected: Rejection[] }> {
  const { receivedAtMs, batchContext, batchSentAt, projectId, settings, issues, storable } = options;
  const events: NormalizedEvent[] = [];
  const rejected: Rejection[] = [];
  for (let index = 0; index < messages.length; index++) {
    if (index > 0 && index % SLICE === 0) await nextTurn();
    const message = messages[index];
    const problem = checkMessageLimits(message);
    const result = problem
      ? { rejection: { index, messageId: messageIdOf(message), ...problem } }
      : normalizeMessage(message, index, { receivedAtMs, batchContext, batchSentAt, storable });
    if ("rejection" in result) {
      rejected.push(result.rejection);
      issues.add(eventNameOf(message), result.rejection.code);
      continue;
    }
    for (const reason of applyPrivacy(result.event, projectId, settings)) issues.add(result.event.event, reason);
    issues.addFlags(result.event);
    events.push(result.event);
  }
  return { events, rejected };
}

const messageIdOf = (m: unknown) => (isObject(m) && typeof m.messageId === "string" ? m.messageId : null);
const eventNameOf = (m: unknown) => (isObject(m) && typeof m.event === "string" ? m.event.slice(0, 200) : "");
