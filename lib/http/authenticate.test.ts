import { describe, expect, it } from "vitest";
import { isSameOriginBrowserRequest, requireScope } from "./authenticate";
import { ApiError } from "./errors";

describe("requireScope", () => {
  const key = (scopes: ("query:read" | "deploys:write" | "admin")[]) =>
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

describe("isSameOriginBrowserRequest", () => {
  const same = (headers: Record<string, string>) => isSameOriginBrowserRequest(new Headers(headers));

  it("trusts Sec-Fetch-Site where the browser sends it, whatever else is said", () => {
    expect(same({ "sec-fetch-site": "same-origin", host: "localhost:3000" })).toBe(true);
    const crossSite = { "sec-fetch-site": "cross-site", host: "a:1", origin: "http://a:1" };
    expect(same(crossSite)).toBe(false);
  });

  it("on a plain-http address (no Sec-Fetch-Site), compares the page's origin with the host asked", () => {
    expect(same({ host: "192.0.2.2:3000", origin: "http://192.0.2.2:3000" })).toBe(true);
    expect(same({ host: "192.0.2.2:3000", referer: "http://192.0.2.2:3000/projects/demo" })).toBe(true);
    expect(same({ host: "192.0.2.2:3000", origin: "http://evil.example" })).toBe(false);
    expect(same({ host: "192.0.2.2:3000", origin: "null" })).toBe(false);
    expect(same({ host: "192.0.2.2:3000" })).toBe(false);
  });
});
