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
  it("truncates IPv4 to /24 and IPv6 to /48, compressed forms too, and stores no non-address", () => {
    expect(truncateIp("198.51.100.23")).toBe("198.51.100.0");
    expect(truncateIp("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toBe("2001:db8:85a3::");
    expect(truncateIp("2001:db8:85a3:08d3::1")).toBe("2001:db8:85a3::");
    expect(truncateIp("2001::1:2:3:4:5")).toBe("2001:0:0::");
    expect(truncateIp("2001:db8::")).toBe("2001:db8:0::");
    expect(truncateIp("::1")).toBe("0:0:0::");
    expect(truncateIp("::ffff:203.0.113.77")).toBe("203.0.113.0");
    expect(truncateIp("64:ff9b::192.0.2.33")).toBe("64:ff9b:0::");
    for (const bad of ["not an ip", "1.2.3", "999.1.1.1", "2001:db8::1::2", ""]) expect(truncateIp(bad)).toBeNull();
  });

  it("applies the drop and hash lists to identify and group traits, and redacts the page path", () => {
    const identify = normalizeMessage(
      {
        type: "identify",
        userId: "u",
        messageId: "m",
        traits: { email: "ada@example.com", plan: "pro", $set_once: { email: "old@example.com", first: "x" } },
        context: { page: { path: "/reset/ada@example.com" } },
      },
      0,
      { receivedAtMs: 0 },
    );
    if (!("event" in identify)) throw new Error("bad fixture");
    const event = identify.event;
    const reasons = applyPrivacy(event, 7, { pii: { drop: ["email"] } });
    expect(reasons.sort()).toEqual(["pii_dropped", "pii_redacted"]);
    expect(event.personSet).toEqual({ plan: "pro" });
    expect(event.personSetOnce).toEqual({ first: "x" });
    expect(event.properties.$set).toEqual({ plan: "pro", $set_once: { first: "x" } });
    expect(event.path).toBe("/reset/[redacted:email]");
    const group = normalizeMessage(
      { type: "group", userId: "u", groupId: "g", messageId: "n", traits: { billing_email: "b@example.com", n: 1 } },
      0,
      { receivedAtMs: 0 },
    );
    if (!("event" in group)) throw new Error("bad fixture");
    applyPrivacy(group.event, 7, { pii: { hash: ["billing_email"] } });
    expect(group.event.accountTraits).toEqual({ billing_email: expect.stringMatching(/^sha256:/), n: 1 });
    expect(group.event.properties.$group_set).toEqual(group.event.accountTraits);
  });
});
