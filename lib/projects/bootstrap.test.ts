import { describe, expect, it } from "vitest";
import { generateKey } from "@/lib/auth/api-keys";
import { checkBootstrapKeys } from "./bootstrap";

describe("checkBootstrapKeys", () => {
  it("stops the start on a weak bootstrap key, naming the variable and how to make a good one", () => {
    expect(() => checkBootstrapKeys({ LOUPE_BOOTSTRAP_SECRET_KEY: "lp_s_change_me_0123456789" })).toThrow(
      /^LOUPE_BOOTSTRAP_SECRET_KEY is too weak: it holds about \d+ bits of randomness; at least 128 are needed\. Make one with: node -e/,
    );
    expect(() => checkBootstrapKeys({ LOUPE_BOOTSTRAP_WRITE_KEY: `lp_w_${"a".repeat(40)}` })).toThrow(
      /^LOUPE_BOOTSTRAP_WRITE_KEY is too weak/,
    );
  });

  it("lets random keys, or none, through", () => {
    expect(() =>
      checkBootstrapKeys({
        LOUPE_BOOTSTRAP_SECRET_KEY: generateKey("secret"),
        LOUPE_BOOTSTRAP_WRITE_KEY: generateKey("write"),
      }),
    ).not.toThrow();
    expect(() => checkBootstrapKeys({})).not.toThrow();
  });
});
