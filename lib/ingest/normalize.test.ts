import { describe, expect, it } from "vitest";
import { eventFlags } from "@/db/schema/events";
import { batchContextOf, normalizeMessage } from "./normalize";
import { jsonTextIsStorable } from "./sanitize";

const receivedAtMs = Date.parse("2026-11-22T12:00:00.000Z");
const ok = (message: unknown, batch: { batchContext?: Record<string, unknown>; batchSentAt?: unknown } = {}) => {
  const withId = typeof message === "object" && message !== null ? { messageId: "m-1", ...message } : message;
  const context = batchContextOf(batch.batchContext);
  if ("problem" in context) throw new Error(context.problem.message);
  const result = normalizeMessage(withId, 0, {
    receivedAtMs,
    batchSentAt: batch.batchSentAt,
    batchContext: context.context,
  });
  if (!("event" in result)) throw new Error(result.rejection.message);
  return result.event;
};
const rejected = (message: unknown) => {
  const result = normalizeMessage(message, 3, { receivedAtMs });
  if (!("rejection" in result)) throw new Error("expected a rejection");
  return result.rejection;
};

describe("normalizeMessage", () => {
  it("maps Segment calls to events (DESIGN §4)", () => {
    expect(ok({ type: "page", anonymousId: "a", name: "Pricing", properties: { path: "/p" } })).toMatchObject({
      event: "$pageview",
      path: "/p",
      properties: { path: "/p", name: "Pricing" },
    });
    expect(ok({ type: "screen", userId: "u", name: "Home" }).event).toBe("$screen");
    expect(ok({ type: "identify", userId: "u", anonymousId: "a", traits: { plan: "pro" } })).toMatchObject({
      event: "$identify",
      distinctId: "u",
      identity: { kind: "link", anonymousId: "a", userId: "u" },
      personSet: { plan: "pro" },
    });
    expect(ok({ type: "group", userId: "u", groupId: "g1", traits: { name: "Acme" } })).toMatchObject({
      event: "$group",
      groupId: "g1",
      accountTraits: { name: "Acme" },
    });
    expect(ok({ type: "alias", userId: "new", previousId: "old" })).toMatchObject({
      event: "$alias",
      identity: { kind: "alias", previousId: "old", userId: "new" },
    });
  });

  it("corrects the timestamp with sentAt: receivedAt − (sentAt − timestamp)", () => {
    // The client clock is 1 h ahead: it says the event happened at 12:00 and was sent at 12:05.
    const event = ok({
      type: "track",
      event: "e",
      userId: "u",
      timestamp: "2026-11-22T13:00:00.000Z",
      sentAt: "2026-11-22T13:05:00.000Z",
    });
    expect(event.timestamp).toBe("2026-11-22T11:55:00.000Z");
    expect(event.clockSkewMs).toBe(3_900_000);
    expect(event.flags).toBe(0);
  });

  it("uses the batch's sentAt when the message has none", () => {
    const event = ok(
      { type: "track", event: "e", userId: "u", timestamp: "2026-11-22T11:00:00.000Z" },
      { batchSentAt: "2026-11-22T11:30:00.000Z" },
    );
    expect(event.timestamp).toBe("2026-11-22T11:30:00.000Z");
  });

  it("flags, never trusts, future and unparseable timestamps, keeping the raw value", () => {
    const future = ok({ type: "track", event: "e", userId: "u", timestamp: "2026-11-24T12:00:00.000Z" });
    expect(future.timestamp).toBe("2026-11-22T12:00:00.000Z");
    expect(future.flags & eventFlags.futureTimestamp).toBeTruthy();
    expect(future.properties.$raw_timestamp).toBe("2026-11-24T12:00:00.000Z");
    const nearFuture = ok({ type: "track", event: "e", userId: "u", timestamp: "2026-11-23T10:00:00.000Z" });
    expect(nearFuture.flags).toBe(0);
    const garbage = ok({ type: "track", event: "e", userId: "u", timestamp: "yesterday" });
    expect(garbage.timestamp).toBe("2026-11-22T12:00:00.000Z");
    expect(garbage.flags & eventFlags.unparseableTimestamp).toBeTruthy();
    expect(garbage.properties.$raw_timestamp).toBe("yesterday");
  });

  it("stores times before 2000 at receipt, flagged, and keeps a skew too large for its column as a property", () => {
    for (const old of ["1970-01-01T00:00:05Z", "0050-03-01T00:00:00Z", "0000-01-01T00:00:00Z"]) {
      const event = ok({ type: "track", event: "e", userId: "u", timestamp: old });
      expect(event.timestamp).toBe("2026-11-22T12:00:00.000Z");
      expect(event.flags & eventFlags.tooOldTimestamp).toBeTruthy();
      expect(event.properties.$raw_timestamp).toBe(old);
    }
    // A device clock reset to 1970, sending 5 s after the event: sentAt corrects it to 5 s ago.
    const reset = ok({
      type: "track",
      event: "e",
      userId: "u",
      timestamp: "1970-01-01T00:00:05.000Z",
      sentAt: "1970-01-01T00:00:10.000Z",
    });
    expect(reset.timestamp).toBe("2026-11-22T11:59:55.000Z");
    expect(reset.flags).toBe(0);
    expect(reset.clockSkewMs).toBeNull(); // ~56 years of milliseconds: not an integer column's
    expect(reset.properties.$clock_skew_ms).toBe(Date.parse("1970-01-01T00:00:10Z") - receivedAtMs);
  });

  it("refuses ids and event names too long to store whole, instead of cutting them", () => {
    const long = "x".repeat(201);
    for (const [field, message] of [
      ["messageId", { messageId: long }],
      ["userId", { userId: long }],
      ["anonymousId", { anonymousId: long, userId: undefined }],
      ["event", { event: long }],
      ["context.groupId", { context: { groupId: long } }],
    ] as const) {
      const rejection = rejected(Object.assign({ type: "track", event: "e", userId: "u", messageId: "m" }, message));
      expect(rejection).toMatchObject({ code: "id_too_long", message: `${field} is longer than 200 characters` });
    }
    expect(ok({ type: "track", event: "e", userId: "x".repeat(200) }).distinctId).toHaveLength(200);
  });

  it("merges the batch context under the message's own", () => {
    const event = ok(
      { type: "track", event: "e", userId: "u", context: { app: { version: "2.0" } } },
      { batchContext: { app: { version: "1.0" }, locale: "fr-FR" } },
    );
    expect(event).toMatchObject({ appVersion: "2.0", locale: "fr-FR" });
  });

  it("keeps __proto__ keys as data and never pollutes prototypes", () => {
    const message = JSON.parse(
      '{"type":"track","event":"e","userId":"u","properties":{"__proto__":{"polluted":true},"a":1},"context":{"__proto__":{"x":1}}}',
    );
    const event = ok(message);
    expect(Object.hasOwn(event.properties, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(event.properties)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it("replaces NUL and lone surrogates, keeps emoji and RTL text, and flags the event", () => {
    const event = ok({ type: "track", event: "e\u0000", userId: "u", properties: { s: "a\uD800b", ok: "😀 مرحبا" } });
    expect(event.event).toBe("e\uFFFD");
    expect(event.properties).toEqual({ s: "a\uFFFDb", ok: "😀 مرحبا" });
    expect(event.flags & eventFlags.sanitizedText).toBeTruthy();
  });

  it("sanitizes the batch context too, and flags the event", () => {
    const event = ok({ type: "track", event: "e", userId: "u" }, { batchContext: { os: { name: "i\u0000OS" } } });
    expect(event.os).toBe("i\uFFFDOS");
    expect(event.flags & eventFlags.sanitizedText).toBeTruthy();
  });

  it("skips the walk only for text that cannot hold NUL or surrogates (jsonTextIsStorable)", () => {
    const clean = '{"event":"😀 مرحبا","p":{"k":"\\n \\u00e9 \\ud7ff"}}';
    expect(jsonTextIsStorable(clean)).toBe(true);
    for (const sequence of ["\\u0000", "\\uD800", "\\udfff", "\\uD83D\\uDE00", "\\\\u0000"]) {
      expect(jsonTextIsStorable(`{"a":"x${sequence}y"}`)).toBe(false);
    }
    // Invalid UTF-8 decodes to U+FFFD, never to a lone surrogate: raw bytes need no escape check.
    const decoded = Buffer.from([0x22, 0xed, 0xa0, 0x80, 0xff, 0x22]).toString("utf8");
    expect(jsonTextIsStorable(decoded)).toBe(true);
    expect(JSON.parse(decoded)).toBe("\uFFFD\uFFFD\uFFFD\uFFFD");
    // Raw control characters are not JSON at all.
    expect(() => JSON.parse('"a\u0000b"')).toThrow();
    const event = normalizeMessage(JSON.parse(clean.replace("{", '{"type":"track","userId":"u",')), 0, {
      receivedAtMs,
      storable: true,
    });
    expect("event" in event && event.event.event).toBe("😀 مرحبا");
  });

  it("assigns a messageId when missing and says so", () => {
    const result = normalizeMessage({ type: "track", event: "e", userId: "u" }, 0, { receivedAtMs });
    if (!("event" in result)) throw new Error("expected an event");
    const { event } = result;
    expect(event.messageId).toMatch(/^loupe-/);
    expect(event.flags & eventFlags.generatedMessageId).toBeTruthy();
  });

  it("rejects what cannot be stored, with a code", () => {
    expect(rejected("nope")).toMatchObject({ index: 3, code: "invalid_message" });
    expect(rejected({ type: "boom", userId: "u" }).code).toBe("invalid_type");
    expect(rejected({ type: "track", event: "e" }).code).toBe("missing_identity");
    expect(rejected({ type: "track", userId: "u", messageId: "m1" })).toMatchObject({
      code: "missing_event",
      messageId: "m1",
    });
    expect(rejected({ type: "group", userId: "u" }).code).toBe("missing_group_id");
    expect(rejected({ type: "alias", userId: "u" }).code).toBe("missing_identity");
  });
});
