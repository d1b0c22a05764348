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
};

/**
 * Everything between "messages arrived" and "write them": limits, normalization, PII rules and
 * the data quality count of what was rejected or altered. Shared by HTTP ingestion and the importer.
 */
export function prepareMessages(
  messages: unknown[],
  options: PrepareOptions,
): { events: NormalizedEvent[]; rejected: Rejection[] } {
  const { receivedAtMs, batchContext, batchSentAt, projectId, settings, issues } = options;
  const events: NormalizedEvent[] = [];
  const rejected: Rejection[] = [];
  messages.forEach((message, index) => {
    const problem = checkMessageLimits(message);
    const result = problem
      ? { rejection: { index, messageId: messageIdOf(message), ...problem } }
      : normalizeMessage(message, index, { receivedAtMs, batchContext, batchSentAt });
    if ("rejection" in result) {
      rejected.push(result.rejection);
      issues.add(eventNameOf(message), result.rejection.code);
      return;
    }
    for (const reason of applyPrivacy(result.event, projectId, settings)) issues.add(result.event.event, reason);
    issues.addFlags(result.event);
    events.push(result.event);
  });
  return { events, rejected };
}

const messageIdOf = (m: unknown) => (isObject(m) && typeof m.messageId === "string" ? m.messageId : null);
const eventNameOf = (m: unknown) => (isObject(m) && typeof m.event === "string" ? m.event.slice(0, 200) : "");
