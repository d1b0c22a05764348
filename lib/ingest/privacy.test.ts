import { describe, expect, it } from "vitest";
import { normalizeMessage } from "./normalize";
import { applyPrivacy, redact, truncateIp } from "./privacy";

const eventWith = (properties: Record<string, unknown>, context: Record<string, unknown> = {}) => {
  const result = normalizeMessage({ type: "track", event: "e", userId: "u", messageId: "m", properties, context }, 0, {
    receivedAtMs: 0,
  });
  if (!("event" in result)) throw new Error("bad fixture");
  return result.event;
};

describe("redact", () => {
  it("redacts emails inside text, phone and card numbers", () => {
    expect(redact("write to ada@example.com today")).toBe("write to [redacted:email] today");
    expect(redact("+33 6 12 34 56 78")).toBe("[redacted:phone]");
    expect(redact("(555) 123-4567")).toBe("[redacted:phone]");
    expect(redact("4111 1111 1111 1111")).toBe("[redacted:card]");
    expect(redact({ nested: ["ada@example.com"] })).toEqual({ nested: ["[redacted:email]"] });
  });
  it("leaves ids, dates, amounts and failed-Luhn numbers alone", () => {
    for (const keep of ["219483890", "2026-11-22", "12.50", "4111 1111 1111 1112", "order-12345", "v5.2.0"]) {
      expect(redact(keep)).toBe(keep);
    }
  });
});

describe("applyPrivacy", () => {
  it("drops and hashes listed properties, redacts by default, truncates the IP", () => {
    const event = eventWith(
      { password: "x", user_ref: "u-1", note: "ada@example.com", plan: "pro" },
      { ip: "203.0.113.77" },
    );
    const reasons = applyPrivacy(event, 7, { pii: { drop: ["password"], hash: ["user_ref"] } });
    expect(reasons.sort()).toEqual(["pii_dropped", "pii_hashed", "pii_redacted"]);
    expect(event.properties).toEqual({
      user_ref: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      note: "[redacted:email]",
      plan: "pro",
      $ip: "203.0.113.0",
    });
  });
  it("can keep patterns and discard IPs", () => {
    const event = eventWith({ note: "ada@example.com" }, { ip: "203.0.113.77" });
    expect(applyPrivacy(event, 7, { pii: { redactPatterns: false }, ipHandling: "discard" })).toEqual([]);
    expect(event.properties).toEqual({ note: "ada@example.com" });
  });
  it("truncates IPv4 to /24 and IPv6 to /48", () => {
    expect(truncateIp("198.51.100.23")).toBe("198.51.100.0");
    expect(truncateIp("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toBe("2001:db8:85a3::");
  });
});
