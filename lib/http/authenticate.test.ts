import { describe, expect, it } from "vitest";
import { requireScope } from "./authenticate";
import { ApiError } from "./errors";

describe("requireScope", () => {
  const key = (scopes: ("query:read" | "deploys:write" | "admin")[]) =>
    ({ kind: "key", keyId: 1, projectId: 1, scopes }) as const;

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
