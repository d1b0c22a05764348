import "server-only";
import { getDatabase } from "@/db/client";
import type { Database } from "@/db/connect";
import { eventFlags } from "@/db/schema/events";
import type { ProjectSettings } from "@/db/schema/projects";
import { parseJson } from "@/lib/http/body";
import { ApiError, errorCodeOf, errorResponse } from "@/lib/http/errors";
import { describeError } from "@/lib/http/log-error";
import { withDatabaseWait } from "./database-wait";
import { eventNameCap } from "./event-names";
import { GroupCommitQueue, groupCommitOptionsFromEnv } from "./group-commit";
import { ingestHealth } from "./health";
import { limits } from "./limits";
import { batchContextOf } from "./normalize";
import { prepareMessages } from "./prepare";
import { IssueCounter } from "./quality";
import { takeTokens } from "./rate-limit";
import { readBody } from "./read-body";
import { jsonTextIsStorable } from "./sanitize";
import type { NormalizedEvent, WriteResult } from "./types";
import { projectOfWriteKey, type WriteTarget, writeKeyFromBody, writeKeyFromHeaders } from "./write-key";

export const ingestCalls = ["batch", "track", "identify", "group", "page", "screen", "alias"] as const;

/** Browsers (analytics.js) send from other origins: the ingestion endpoints allow any. */
export const corsHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Content-Encoding, Authorization, X-Write-Key",
  "Access-Control-Max-Age": "86400",
};

/**
 * POST /v1/{batch|track|…}: Segment's HTTP API (docs/api.md#ingestion-segment-compatible). Request-level problems
 * answer 4xx/5xx; per-event problems never fail the batch: 200 with what was rejected and why.
 * 2xx is sent only after the events are committed.
 */
export async function handleIngest(call: string, request: Request): Promise<Response> {
  // Known once the write key names a project: from then on the answer counts in its ingestion health.
  let projectOf: number | null = null;
  try {
    if (!(ingestCalls as readonly string[]).includes(call)) {
      throw new ApiError(404, "not_found", `No ingestion endpoint /v1/${call}.`);
    }
    checkContentType(request);
    const receivedAtMs = Date.now();
    const database = await getDatabase();
    const db = database.db;
    const day = new Date(receivedAtMs).toISOString().slice(0, 10);
    // The key and the rate limit come before the body is read: a refused request costs no parsing.
    const headerKey = writeKeyFromHeaders(request);
    let target = headerKey ? await withDatabaseWait(() => projectOfWriteKey(db, headerKey)) : null;
    if (target) {
      projectOf = target.projectId;
      throttle(target, 0);
    }
    const text = await readBody(request);
    const body = parseObject(text);
    if (!target) {
      const bodyKey = writeKeyFromBody(body);
      target = await withDatabaseWait(() => projectOfWriteKey(db, bodyKey));
      throttle(target, 0);
    }
    const { projectId, privacy } = target;
    projectOf = projectId;
    const messages = call === "batch" ? body.batch : [{ ...body, type: call }];
    if (!Array.isArray(messages)) throw new ApiError(400, "invalid_batch", "`batch` must be an array of messages.");
    if (messages.length === 0) throw new ApiError(400, "empty_batch", "The batch holds no message.");
    const issues = new IssueCounter();
    if (messages.length > limits.batchEvents) {
      // Counted once per refused request (the SDK drops such a batch), and charged a full batch.
      issues.add("", "too_many_events", 1);
      await saveIssues(issues, db, projectId, day);
      takeTokens(projectId, limits.batchEvents, privacy.settings.ingestRateLimit);
      throw new ApiError(413, "too_many_events", `A batch holds at most ${limits.batchEvents} messages.`, {
        limit: limits.batchEvents,
      });
    }
    throttle(target, messages.length);
    const batch = batchContextOf(body.context);
    if ("problem" in batch) {
      throw new ApiError(400, "invalid_context", `The batch's context is refused: ${batch.problem.message}.`, {
        reason: batch.problem.code,
      });
    }
    const { events, rejected } = await prepareMessages(messages, {
      receivedAtMs,
      batchContext: batch.context,
      batchSentAt: body.sentAt,
      privacy,
      issues,
      storable: jsonTextIsStorable(text),
      oldestMs: receivedAtMs - backfillDays(privacy.settings) * 86_400_000,
      admitNames: withinWait(eventNameCap(db, projectId), receivedAtMs),
    });
    const queue = writeQueue(database);
    const queued = queue.depth;
    const result =
      events.length > 0 ? await queue.write(projectId, events) : { accepted: 0, duplicates: 0, mergeRefused: [] };
    ingestHealth().stored(projectId, result.accepted, Date.now() - receivedAtMs, queued);
    if (result.duplicates > 0) issues.add("", "duplicate", result.duplicates);
    issues.addMergesRefused(events, result);
    issues.addSuppressed(events, result);
    await saveIssues(issues, db, projectId, day);
    return Response.json(
      { accepted: result.accepted, duplicates: result.duplicates, rejected, ...warnings(events, result) },
      { headers: corsHeaders },
    );
  } catch (error) {
    const response = errorResponse(error);
    if (projectOf !== null) ingestHealth().refused(projectOf, errorCodeOf(error));
    for (const [name, value] of Object.entries(corsHeaders)) response.headers.set(name, value);
    return response;
  }
}

/** What was stored, but not as sent: messages without an id, merges refused. */
function warnings(events: NormalizedEvent[], result: WriteResult) {
  const list = [];
  const generated = events.filter((e) => e.flags & eventFlags.generatedMessageId).map((e) => e.index);
  if (generated.length > 0) {
    list.push({
      code: "missing_message_id",
      message: "These messages had no messageId: one was assigned, but a retry of them cannot be deduplicated.",
      indexes: generated,
    });
  }
  if (result.mergeRefused.length > 0) {
    list.push({
      code: "merge_refused",
      message:
        "These messages were stored, but would have merged two identified persons, which only an admin may do (docs/api.md#identity).",
      indexes: result.mergeRefused,
    });
  }
  return list.length > 0 ? { warnings: list } : {};
}

/** A database read of the request, waiting out an unreachable database within its budget (then 503). */
function withinWait<A, T>(read: (arg: A) => Promise<T>, receivedAtMs: number) {
  return (arg: A) => withDatabaseWait(() => read(arg), Math.max(250, receivedAtMs + 5_000 - Date.now()));
}

/** 429 unless the project may send `events` more (0: unless its bucket is empty). */
function throttle(target: WriteTarget, events: number): void {
  const allowed = takeTokens(target.projectId, events, target.privacy.settings.ingestRateLimit);
  if (!allowed.ok) {
    throw new ApiError(429, "rate_limited", "Too many events for this project; retry later.", null, {
      "Retry-After": String(allowed.retryAfterSeconds),
    });
  }
}

/** How far back an event sent over HTTP may be: the project's retention, else two years. */
export function backfillDays(settings: ProjectSettings): number {
  return settings.retentionDays ?? DEFAULT_BACKFILL_DAYS;
}
const DEFAULT_BACKFILL_DAYS = 730;

// JSON, or text/plain (what navigator.sendBeacon sends); a charset or other parameters may follow.
const ACCEPTED_TYPE = /^\s*(application\/([\w.+-]+\+)?json|text\/plain)\s*(;|$)/i;

function checkContentType(request: Request): void {
  const type = request.headers.get("content-type");
  if (!type || !ACCEPTED_TYPE.test(type)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Send the body as application/json (or text/plain), not ${type ? `"${type.slice(0, 100)}"` : "without a Content-Type"}.`,
    );
  }
}

// One queue per process (kept on globalThis across dev hot reloads, like the database).
const holder = globalThis as unknown as { loupeWriteQueue?: GroupCommitQueue };

function writeQueue(database: Database): GroupCommitQueue {
  holder.loupeWriteQueue ??= new GroupCommitQueue(database.db, groupCommitOptionsFromEnv());
  return holder.loupeWriteQueue;
}

/** Data quality counts are best effort: a failure to record them never fails the request. */
function saveIssues(issues: IssueCounter, db: Database["db"], projectId: number, day: string): Promise<void> {
  return issues.save(db, projectId, day).catch((error) => {
    console.error(`could not record ingestion issues: ${describeError(error)}`);
  });
}

function parseObject(text: string): Record<string, unknown> & { batch?: unknown } {
  const body = parseJson(text);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError(400, "invalid_body", "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}
