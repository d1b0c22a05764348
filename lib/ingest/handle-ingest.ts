import "server-only";
import { getDatabase } from "@/db/client";
import type { Database } from "@/db/connect";
import { eventFlags } from "@/db/schema/events";
import { parseJson } from "@/lib/http/body";
import { ApiError, errorResponse } from "@/lib/http/errors";
import { withDatabaseWait } from "./database-wait";
import { GroupCommitQueue, groupCommitOptionsFromEnv } from "./group-commit";
import { limits } from "./limits";
import { prepareMessages } from "./prepare";
import { IssueCounter } from "./quality";
import { takeTokens } from "./rate-limit";
import { readBody } from "./read-body";
import { isObject, jsonTextIsStorable } from "./sanitize";
import { projectOfWriteKey, writeKeyOf } from "./write-key";

export const ingestCalls = ["batch", "track", "identify", "group", "page", "screen", "alias"] as const;

/** Browsers (analytics.js) send from other origins: the ingestion endpoints allow any. */
export const corsHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Content-Encoding, Authorization, X-Write-Key",
  "Access-Control-Max-Age": "86400",
};

/**
 * POST /v1/{batch|track|…}: Segment's HTTP API (docs/api.md#ingestion). Request-level problems
 * answer 4xx/5xx; per-event problems never fail the batch: 200 with what was rejected and why.
 * 2xx is sent only after the events are committed.
 */
export async function handleIngest(call: string, request: Request): Promise<Response> {
  try {
    if (!(ingestCalls as readonly string[]).includes(call)) {
      throw new ApiError(404, "not_found", `No ingestion endpoint /v1/${call}.`);
    }
    const receivedAtMs = Date.now();
    const text = await readBody(request);
    const body = parseObject(text);
    const database = await getDatabase();
    const db = database.db;
    const { projectId, settings } = await withDatabaseWait(() => projectOfWriteKey(db, writeKeyOf(request, body)));
    const messages = call === "batch" ? body.batch : [{ ...body, type: call }];
    if (!Array.isArray(messages)) throw new ApiError(400, "invalid_batch", "`batch` must be an array of messages.");
    if (messages.length === 0) throw new ApiError(400, "empty_batch", "The batch holds no message.");
    const issues = new IssueCounter();
    const day = new Date(receivedAtMs).toISOString().slice(0, 10);
    if (messages.length > limits.batchEvents) {
      // The SDK drops a batch refused so: its events are lost, and counted as such.
      issues.add("", "too_many_events", messages.length);
      await saveIssues(issues, db, projectId, day);
      throw new ApiError(413, "too_many_events", `A batch holds at most ${limits.batchEvents} messages.`, {
        limit: limits.batchEvents,
      });
    }
    const allowed = takeTokens(projectId, messages.length, settings.ingestRateLimit);
    if (!allowed.ok) {
      throw new ApiError(429, "rate_limited", "Too many events for this project; retry later.", null, {
        "Retry-After": String(allowed.retryAfterSeconds),
      });
    }
    const batchContext = isObject(body.context) ? body.context : undefined;
    const { events, rejected } = await prepareMessages(messages, {
      receivedAtMs,
      batchContext,
      batchSentAt: body.sentAt,
      projectId,
      settings,
      issues,
      storable: jsonTextIsStorable(text),
    });
    const result =
      events.length > 0 ? await writeQueue(database).write(projectId, events) : { accepted: 0, duplicates: 0 };
    if (result.duplicates > 0) issues.add("", "duplicate", result.duplicates);
    await saveIssues(issues, db, projectId, day);
    const generated = events.filter((e) => e.flags & eventFlags.generatedMessageId).map((e) => e.index);
    return Response.json(
      {
        accepted: result.accepted,
        duplicates: result.duplicates,
        rejected,
        ...(generated.length > 0 && {
          warnings: [
            {
              code: "missing_message_id",
              message: "These messages had no messageId: one was assigned, but a retry of them cannot be deduplicated.",
              indexes: generated,
            },
          ],
        }),
      },
      { headers: corsHeaders },
    );
  } catch (error) {
    const response = errorResponse(error);
    for (const [name, value] of Object.entries(corsHeaders)) response.headers.set(name, value);
    return response;
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
    console.error("could not record ingestion issues", error);
  });
}

function parseObject(text: string): Record<string, unknown> & { batch?: unknown } {
  const body = parseJson(text);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError(400, "invalid_body", "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}
