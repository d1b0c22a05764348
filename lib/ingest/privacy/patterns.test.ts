import { describe, expect, it } from "vitest";
import { redactNumber, redactText } from "./patterns";

describe("redactText", () => {
  it.each([
    ["write to ada@example.com today", "write to [redacted:email] today"],
    ["a.b+c@mail.example.co.uk.", "[redacted:email]."],
    ["x@y@z.example.org", "x@[redacted:email]"],
    ["/users/carol%40example.com/edit", "/users/[redacted:email]/edit"],
    ["?email=carol%40example.com&x=1", "?email=[redacted:email]&x=1"],
    ["+33 6 12 34 56 78", "[redacted:phone]"],
    ["(555) 123-4567", "[redacted:phone]"],
    ["4111 1111 1111 1111", "[redacted:card]"],
    ["call me on +1 555 010 9999 after 6", "call me on [redacted:phone] after 6"],
    ["my number is 555-010-9999.", "my number is [redacted:phone]."],
    ["card 4111-1111-1111-1111 exp 12/29", "card [redacted:card] exp 12/29"],
    ["paid with 5500005555555559, thanks", "paid with [redacted:card], thanks"],
  ])("redacts %j", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    "219483890",
    "2026-11-22",
    "2026-11-22T10:30:00.000Z",
    "12.50",
    "4111 1111 1111 1112", // fails Luhn
    "1234567812345670", // passes Luhn, but no card network starts with 1
    "order-12345",
    "v5.2.0",
    "build 20261122123045",
    "at 10.0.0.1 and 192.168.100.200",
    "on 01.02.2026 at 10:30",
    "no at sign here",
    "user@localhost",
    "@handle and a@b",
    "id 12345678 and 1234 5678", // two groups: not a phone inside text
  ])("leaves %j alone", (keep) => {
    expect(redactText(keep)).toBe(keep);
  });

  it("is linear: 32 KB without an @, or built to make a backtracking matcher quadratic, in milliseconds", () => {
    const hostile = [
      "a".repeat(32_600),
      `${"a".repeat(16_000)}@${"a".repeat(16_000)}`,
      "a%40".repeat(8_000),
      "a.".repeat(16_000),
      "@a.".repeat(10_000),
      "1 ".repeat(16_000),
      "+(".repeat(16_000),
      `${"1-".repeat(8_000)}x`,
    ];
    for (const value of hostile) {
      const started = performance.now();
      for (let i = 0; i < 30; i++) redactText(value);
      // A generous bound (30 values): the quadratic version took 19 s for the first alone.
      expect(performance.now() - started, value.slice(0, 12)).toBeLessThan(500);
    }
  });
});

describe("redactNumber", () => {
  it("redacts a card number sent as a number, nothing else", () => {
    expect(redactNumber(4111111111111111)).toBe("[redacted:card]");
    expect(redactNumber(4111111111111112)).toBe(4111111111111112);
    expect(redactNumber(1764620000000000)).toBe(1764620000000000); // a microsecond timestamp
    expect(redactNumber(12.5)).toBe(12.5);
  });
});
