import { describe, expect, it } from "vitest";
import { generateKey, keyWeakness } from "./api-keys";

describe("keyWeakness", () => {
  it("accepts what Loupe generates, and 48 random hex digits", () => {
    for (let i = 0; i < 200; i++) expect(keyWeakness(generateKey(i % 2 ? "write" : "secret"))).toBeNull();
    expect(keyWeakness("lp_s_9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c")).toBeNull();
  });

  it("refuses short, low-variety and patterned keys, saying why", () => {
    expect(keyWeakness("lp_s_change_me_0123456789")).toMatch(/about \d+ bits of randomness; at least 128/);
    expect(keyWeakness("lp_s_e2e_secret_key_0123456789abcdef")).toMatch(/bits|run/);
    expect(keyWeakness(`lp_w_${"ab".repeat(40)}`)).toMatch(/bits/);
    expect(keyWeakness("lp_s_Zq8vX2mK9wLp4RtY7nBc3HsJ6dFg1Qe5aaaaaa")).toMatch(
      /run of repeated or consecutive characters \("aaaaaa"\)/,
    );
    expect(keyWeakness("lp_s_Zq8vX2mK9wLp4RtY7nBc3HsJ6dFg1Qe5uvwxyz")).toMatch(/"uvwxyz"/);
  });
});
