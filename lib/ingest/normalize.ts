import { randomUUID } from "node:crypto";
import { eventFlags } from "@/db/schema/events";
import { mergeContext, type PromotedContext, promoteContext, str } from "./context";
import { checkMessageLimits, limits } from "./limits";
import { isObject, type SanitizeStats, sanitizeJson } from "./sanitize";
import { isoString, resolveTimestamp } from "./timestamps";
import type { IdentityOp, NormalizedEvent, Rejection, SegmentMessage } from "./types";

export type NormalizeOptions = {
  receivedAtMs: number;
  /** Top-level `context` of a batch request (batchContextOf): each message's own fields win. */
  batchContext?: BatchContext;
  /** Top-level `sentAt` of a batch request, used when a message has none. */
  batchSentAt?: unknown;
  /** Every string is known storable (parsed from text `jsonTextIsStorable` passed): no walk. */
  storable?: boolean;
};

/** A batch's top-level context, reduced once per request to the fields Loupe promotes. */
export type BatchContext = { promoted: PromotedContext; sanitized: boolean };

const TYPES = ["track", "page", "screen", "identify", "group", "alias"] as const;
const INT32_MAX = 2_147_483_647;
type MessageType = (typeof TYPES)[number];

/** Segment message → the row Loupe stores, or the reason it cannot be stored. */
export function normalizeMessage(
  input: unknown,
  index: number,
  options: NormalizeOptions,
): { event: NormalizedEvent } | { rejection: Rejection } {
  if (!isObject(input)) return reject(index, null, "invalid_message", "a message must be an object");
  const stats: SanitizeStats = { replaced: 0 };
  const message = (options.storable ? input : sanitizeJson(input, stats)) as SegmentMessage;
  const messageId = str(message.messageId);
  const type = (typeof message.type === "string" ? message.type.toLowerCase() : "") as MessageType;
  if (!TYPES.includes(type)) {
    return reject(index, messageId, "invalid_type", `type must be one of ${TYPES.join(", ")}`);
  }
  // Cut short, two long ids sharing their first 200 characters would be one message, person or
  // account: refused instead.
  const long = overlongField(message);
  if (long) return reject(index, messageId, "id_too_long", `${long} is longer than ${limits.idLength} characters`);
  // 9007199254740993 arrives as 9007199254740992: two messages (or users) would become one.
  const inexact = inexactNumericId(message);
  if (inexact) {
    return reject(
      index,
      null,
      "invalid_id",
      `${inexact} is a number beyond 2^53, which JSON cannot carry exactly: send it as a string`,
    );
  }
  const userId = str(message.userId);
  const anonymousId = str(message.anonymousId);
  const distinctId = userId ?? anonymousId;
  if (!distinctId) {
    return reject(index, messageId, "missing_identity", "userId or anonymousId is required");
  }
  const named = eventName(type, message);
  if ("error" in named) return reject(index, messageId, "missing_event", named.error);
  const groupId = str(message.groupId);
  if (type === "group" && !groupId) {
    return reject(index, messageId, "missing_group_id", "group calls need a groupId");
  }
  const previousId = str(message.previousId);
  if (type === "alias" && (!previousId || !userId)) {
    return reject(index, messageId, "missing_identity", "alias calls need previousId and userId");
  }

  const context = objectOr(message.context);
  if (typeof context.groupId === "string" && context.groupId.length > limits.idLength) {
    return reject(index, messageId, "id_too_long", `context.groupId is longer than ${limits.idLength} characters`);
  }
  const promoted = mergeContext(promoteContext(context), options.batchContext?.promoted);
  const time = resolveTimestamp(
    message.originalTimestamp ?? message.timestamp,
    message.sentAt ?? options.batchSentAt,
    options.receivedAtMs,
  );
  const traits = objectOr(message.traits);
  const properties = eventProperties(type, message, traits, previousId);
  if (time.raw !== null) properties.$raw_timestamp = time.raw;
  // A clock off by more than ~24.8 days does not fit the integer column: the skew is kept as a
  // property instead, so the raw time stays recoverable (timestamp + skew).
  const skewFits = time.clockSkewMs === null || Math.abs(time.clockSkewMs) <= INT32_MAX;
  if (!skewFits) properties.$clock_skew_ms = time.clockSkewMs;

  let flags = time.flags;
  if (stats.replaced > 0 || options.batchContext?.sanitized) flags |= eventFlags.sanitizedText;
  if (!messageId) flags |= eventFlags.generatedMessageId;

  let identity: IdentityOp | null = null;
  if (type === "alias" && previousId && userId) identity = { kind: "alias", previousId, userId };
  else if (userId && anonymousId && userId !== anonymousId) {
    identity = { kind: "link", anonymousId, userId };
  }
  const { $set_once: setOnce, ...set } = type === "identify" ? traits : {};

  return {
    event: {
      index,
      messageId: messageId ?? `loupe-${randomUUID()}`,
      event: named.name,
      distinctId,
      identified: userId !== null,
      timestamp: time.timestamp,
      receivedAt: isoString(options.receivedAtMs),
      clockSkewMs: skewFits ? time.clockSkewMs : null,
      flags,
      sessionId: str(properties.$session_id) ?? promoted.sessionId,
      os: promoted.os,
      browser: promoted.browser,
      deviceType: promoted.deviceType,
      appVersion: promoted.appVersion,
      country: promoted.country,
      locale: promoted.locale,
      path: promoted.path ?? (type === "page" ? str(properties.path) : null),
      ip: promoted.ip,
      groupId: type === "group" ? groupId : promoted.groupId,
      properties,
      identity,
      personSet: type === "identify" && Object.keys(set).length > 0 ? set : null,
      personSetOnce: isObject(setOnce) ? setOnce : null,
      accountTraits: type === "group" ? traits : null,
    },
  };
}

/**
 * A batch request's top-level `context`, checked and sanitized once for the whole request (the
 * limits of one event apply to it) and reduced to the fields Loupe promotes; or why it is refused.
 */
export function batchContextOf(
  value: unknown,
): { context: BatchContext | undefined } | { problem: { code: string; message: string } } {
  if (value === undefined || value === null) return { context: undefined };
  if (!isObject(value)) return { problem: { code: "invalid_context", message: "`context` must be an object" } };
  const problem = checkMessageLimits(value);
  if (problem) return { problem };
  if (typeof value.groupId === "string" && value.groupId.length > limits.idLength) {
    return {
      problem: { code: "id_too_long", message: `context.groupId is longer than ${limits.idLength} characters` },
    };
  }
  const stats: SanitizeStats = { replaced: 0 };
  const promoted = promoteContext(sanitizeJson(value, stats) as Record<string, unknown>);
  return { context: { promoted, sanitized: stats.replaced > 0 } };
}

function eventName(type: MessageType, message: SegmentMessage): { name: string } | { error: string } {
  switch (type) {
    case "track": {
      const name = str(message.event);
      return name ? { name } : { error: "track calls need an event name" };
    }
    case "page":
      return { name: "$pageview" };
    case "screen":
      return { name: "$screen" };
    case "identify":
      return { name: "$identify" };
    case "group":
      return { name: "$group" };
    case "alias":
      return { name: "$alias" };
  }
}

function eventProperties(
  type: MessageType,
  message: SegmentMessage,
  traits: Record<string, unknown>,
  previousId: string | null,
): Record<string, unknown> {
  const properties = { ...objectOr(message.properties) };
  if ((type === "page" || type === "screen") && str(message.name)) properties.name = message.name;
  if (type === "identify" && Object.keys(traits).length > 0) properties.$set = traits;
  if (type === "group") {
    properties.$group_id = message.groupId;
    if (Object.keys(traits).length > 0) properties.$group_set = traits;
  }
  if (type === "alias") properties.$previous_id = previousId;
  return properties;
}

const ID_FIELDS = ["messageId", "userId", "anonymousId", "previousId", "groupId", "event"] as const;

/** The first id (or event name) too long to store whole, if any. */
function overlongField(message: SegmentMessage): string | null {
  for (const field of ID_FIELDS) {
    const value = message[field];
    if (typeof value === "string" && value.length > limits.idLength) return field;
  }
  return null;
}

function inexactNumericId(message: SegmentMessage): string | null {
  for (const field of ID_FIELDS) {
    const value = message[field];
    if (typeof value === "number" && !Number.isSafeInteger(value)) return field;
  }
  return null;
}

function reject(index: number, messageId: string | null, code: string, message: string) {
  return { rejection: { index, messageId, code, message } };
}

function objectOr(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}
