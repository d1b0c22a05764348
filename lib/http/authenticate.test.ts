import { describe, expect, it } from "vitest";
import type { ApiKeyScope } from "@/db/schema/api-keys";
import { isSameOrigin, requireScope } from "./authenticate";
import { ApiError } from "./errors";

describe("requireScope", () => {
  const key = (scopes: ApiKeyScope[]) =>
    ({ kind: "key", keyId: 1, prefix: "lp_s_test", projectId: 1, scopes }) as const;

  it("lets a key through with the scope, or admin", () => {
    expect(() => requireScope(key(["deploys:write"]), "deploys:write")).not.toThrow();
    expect(() => requireScope(key(["admin"]), "deploys:write")).not.toThrow();
  });

  it("refuses a secret key without the scope: 403 insufficient_scope, naming it", () => {
    try {
      requireScope(key(["query:read"]), "deploys:write");
      throw new Error("expected a refusal");
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 403, code: "insufficient_scope", details: { required: "deploys:write" } });
    }
  });
});

describe("isSameOrigin (the CSRF check of a session's mutation)", () => {
  const same = (headers: Record<string, string>) => isSameOrigin(new Headers(headers));

  it("asks the page's Origin to name the host the request was sent to", () => {
    expect(same({ host: "192.0.2.2:3000", origin: "http://192.0.2.2:3000" })).toBe(true);
    expect(same({ host: "localhost:3000", origin: "http://localhost:3000", "sec-fetch-site": "same-origin" })).toBe(
      true,
    );
    expect(same({ host: "192.0.2.2:3000", origin: "http://evil.example" })).toBe(false);
    expect(same({ host: "192.0.2.2:3000", origin: "null" })).toBe(false);
    expect(same({ host: "192.0.2.2:3000" })).toBe(false);
  });

  it("refuses what the browser says came from elsewhere, and never trusts Sec-Fetch-Site alone", () => {
    expect(same({ "sec-fetch-site": "cross-site", host: "a:1", origin: "http://a:1" })).toBe(false);
    expect(same({ "sec-fetch-site": "same-origin", host: "localhost:3000" })).toBe(false);
  });
});
