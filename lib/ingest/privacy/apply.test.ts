import { isIPv4 } from "node:net";
import { describe, expect, it } from "vitest";
import type { ProjectSettings } from "@/db/schema/projects";
import { normalizeMessage } from "../normalize";
import { applyPrivacy, keyedHash } from "./apply";
import { truncateIp } from "./ip";

const KEY = "test-hash-key";
const normalized = (message: Record<string, unknown>) => {
  const result = normalizeMessage({ messageId: "m", ...message }, 0, { receivedAtMs: 0 });
  if (!("event" in result)) throw new Error(`bad fixture: ${result.rejection.message}`);
  return result.event;
};
const track = (properties: Record<string, unknown>, context: Record<string, unknown> = {}) =>
  normalized({ type: "track", event: "e", userId: "u", properties, context });
const apply = (event: ReturnType<typeof normalized>, settings: ProjectSettings) =>
  applyPrivacy(event, { settings, hashKey: KEY }).sort();

describe("applyPrivacy", () => {
  it("drops and hashes listed properties with the project's key, redacts by default, truncates the IP", () => {
    const event = track(
      { password: "x", user_ref: "u-1", note: "ada@example.com", plan: "pro" },
      { ip: "203.0.113.77" },
    );
    expect(apply(event, { pii: { drop: ["password"], hash: ["user_ref"] } })).toEqual([
      "pii_dropped",
      "pii_hashed",
      "pii_redacted",
    ]);
    expect(event.properties).toEqual({
      user_ref: keyedHash(KEY, "u-1"),
      note: "[redacted:email]",
      plan: "pro",
      $ip: "203.0.113.0",
    });
    expect(keyedHash(KEY, "u-1")).toMatch(/^hmac:[0-9a-f]{40}$/);
    expect(keyedHash("another project's key", "u-1")).not.toBe(keyedHash(KEY, "u-1"));
  });

  it("can keep patterns and URL secrets, and discard IPs, a client-sent $ip too", () => {
    const event = track({ note: "ada@example.com", url: "/a?token=1", $ip: "198.51.100.9" }, { ip: "203.0.113.77" });
    const settings = { pii: { redactPatterns: false, stripUrlSecrets: false }, ipHandling: "discard" } as const;
    expect(apply(event, settings)).toEqual([]);
    expect(event.properties).toEqual({ note: "ada@example.com", url: "/a?token=1" });
    const sentOnly = track({ $ip: "198.51.100.9" });
    apply(sentOnly, {});
    expect(sentOnly.properties).toEqual({ $ip: "198.51.100.0" });
  });

  it("applies the lists at any depth, or to one dotted path", () => {
    const event = track({ form: { password: "p", name: "n" }, a: { b: { token: "t", keep: 1 } }, token: "top" });
    apply(event, { pii: { drop: ["password", "a.b.token"] } });
    expect(event.properties).toEqual({ form: { name: "n" }, a: { b: { keep: 1 } }, token: "top" });
  });

  it("applies the lists to identify and group traits, nested ones too, and redacts the page path", () => {
    const event = normalized({
      type: "identify",
      userId: "u",
      traits: {
        email: "ada@example.com",
        plan: "pro",
        profile: { email: "ada@work.example" },
        $set_once: { email: "old@example.com", first: "x" },
      },
      context: { page: { path: "/reset/ada@example.com?token=abc" } },
    });
    expect(apply(event, { pii: { drop: ["email"] } })).toEqual(["pii_dropped", "pii_redacted"]);
    expect(event.personSet).toEqual({ plan: "pro", profile: {} });
    expect(event.personSetOnce).toEqual({ first: "x" });
    expect(event.properties.$set).toEqual({ plan: "pro", profile: {}, $set_once: { first: "x" } });
    expect(event.path).toBe("/reset/[redacted:email]");
    const group = normalized({
      type: "group",
      userId: "u",
      groupId: "g",
      traits: { billing_email: "b@x.example", n: 1 },
    });
    apply(group, { pii: { hash: ["billing_email"] } });
    expect(group.accountTraits).toEqual({ billing_email: keyedHash(KEY, "b@x.example"), n: 1 });
    expect(group.properties.$group_set).toEqual(group.accountTraits);
  });

  it("hashes ids that hold an email (the same person, unreadable), and redacts names and keys", () => {
    const event = normalized({
      type: "identify",
      userId: "carol@example.com",
      anonymousId: "anon-1",
      traits: {},
    });
    apply(event, {});
    expect(event.distinctId).toBe(keyedHash(KEY, "carol@example.com"));
    expect(event.identity).toEqual({
      kind: "link",
      anonymousId: "anon-1",
      userId: keyedHash(KEY, "carol@example.com"),
    });
    const named = normalized({
      type: "track",
      event: "signup carol@example.com",
      userId: "u",
      properties: { "carol@example.com": true, card: 4111111111111111, text: "call +1 555 010 9999" },
    });
    apply(named, {});
    expect(named.event).toBe("signup [redacted:email]");
    expect(named.properties).toEqual({
      "[redacted:email]": true,
      card: "[redacted:card]",
      text: "call [redacted:phone]",
    });
  });

  it("never changes the caller's objects, and keeps __proto__ as data", () => {
    const shared = { nested: { email: "a@b.example" } };
    const one = track({ shared });
    apply(one, { pii: { hash: ["email"] } });
    expect(shared.nested.email).toBe("a@b.example");
    const proto = track(JSON.parse('{"__proto__":{"email":"a@b.example"}}'));
    apply(proto, {});
    expect(Object.hasOwn(proto.properties, "__proto__")).toBe(true);
    expect(JSON.stringify(proto.properties)).toBe('{"__proto__":{"email":"[redacted:email]"}}');
  });
});

describe("truncateIp", () => {
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
    expect(truncateIp(" 10.0.0.255 ")).toBe("10.0.0.0");
  });

  it("takes as IPv4 exactly what node:net's isIPv4 takes", () => {
    const parts = [
      "0",
      "00",
      "01",
      "9",
      "10",
      "99",
      "100",
      "199",
      "200",
      "249",
      "250",
      "255",
      "256",
      "300",
      "1000",
      "",
      "a",
    ];
    let checked = 0;
    for (const a of parts)
      for (const b of ["0", "255", "01", "256"])
        for (const d of parts) {
          const address = `${a}.${b}.7.${d}`;
          expect(truncateIp(address) !== null, address).toBe(isIPv4(address));
          checked++;
        }
    expect(checked).toBe(17 * 4 * 17);
    for (const odd of ["1.2.3.4.5", "١.٢.٣.٤", "1..3.4", "+1.2.3.4"]) expect(truncateIp(odd)).toBeNull();
  });
});
