import { describe, expect, it } from "vitest";
import { checkMessageLimits, limits } from "./limits";
import { takeTokens } from "./rate-limit";

const nested = (depth: number): unknown => (depth === 0 ? "leaf" : { n: nested(depth - 1) });

describe("checkMessageLimits", () => {
  it("accepts an ordinary message", () => {
    expect(checkMessageLimits({ type: "track", event: "e", userId: "u", properties: { a: [1, { b: 2 }] } })).toBeNull();
  });
  it("refuses events over 32 KB", () => {
    expect(checkMessageLimits({ properties: { blob: "x".repeat(limits.eventBytes) } })?.code).toBe("event_too_large");
  });
  it("measures the encoded size: escapes and multi-byte characters count", () => {
    // 6,000 NUL characters are 36,000 bytes of JSON (\u0000 each), over the limit.
    expect(checkMessageLimits({ p: "\u0000".repeat(6_000) })?.code).toBe("event_too_large");
    // 10,000 × "é" is 20,000 bytes: within it; 12,000 × "€" is 36,000 bytes: over it.
    expect(checkMessageLimits({ p: "é".repeat(10_000) })).toBeNull();
    expect(checkMessageLimits({ p: "€".repeat(12_000) })?.code).toBe("event_too_large");
    // Just under the limit in plain ASCII.
    expect(checkMessageLimits({ p: "x".repeat(limits.eventBytes - 20) })).toBeNull();
  });
  it("refuses deep nesting, too many keys and long keys", () => {
    expect(checkMessageLimits({ properties: nested(limits.depth - 2) })).toBeNull();
    expect(checkMessageLimits({ properties: nested(limits.depth + 1) })?.code).toBe("too_deep");
    // Far deeper than JSON.stringify's stack allows: still just this event's problem.
    const abyss = JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    expect(checkMessageLimits({ properties: { abyss } })?.code).toBe("too_deep");
    const many = Object.fromEntries(Array.from({ length: limits.keys + 1 }, (_, i) => [`k${i}`, 1]));
    expect(checkMessageLimits({ properties: many })?.code).toBe("too_many_keys");
    expect(checkMessageLimits({ properties: { ["k".repeat(limits.keyLength + 1)]: 1 } })?.code).toBe("key_too_long");
  });
});

describe("takeTokens", () => {
  // Capacity: two seconds' worth, and never less than one full batch (2,500).
  it("allows a burst, then asks to retry after the deficit refills", () => {
    process.env.LOUPE_INGEST_RATE_LIMIT = "1000";
    try {
      const t = 1_000_000;
      expect(takeTokens(99, 2_500, undefined, t)).toEqual({ ok: true });
      expect(takeTokens(99, 500, undefined, t)).toEqual({ ok: false, retryAfterSeconds: 1 });
      expect(takeTokens(99, 500, undefined, t + 600)).toEqual({ ok: true });
      expect(takeTokens(98, 2_500, undefined, t)).toEqual({ ok: true }); // per project
    } finally {
      delete process.env.LOUPE_INGEST_RATE_LIMIT;
    }
  });
  it("takes a project's own rate over the server's", () => {
    const t = 2_000_000;
    expect(takeTokens(97, 2_500, 10, t)).toEqual({ ok: true });
    expect(takeTokens(97, 100, 10, t)).toEqual({ ok: false, retryAfterSeconds: 10 });
  });
});
