import { describe, expect, it, vi } from "vitest";
import { ApiError, errorResponse } from "./errors";

describe("errorResponse", () => {
  it("answers an ApiError with its status, code and headers", async () => {
    const response = errorResponse(new ApiError(429, "rate_limited", "slow down", null, { "Retry-After": "1" }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toEqual({ error: { code: "rate_limited", message: "slow down", details: null } });
  });

  it("answers an unreachable database (or Citus worker) 503 with Retry-After, not 500", async () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    // What pg reports when the coordinator cannot reach a worker, wrapped as drizzle wraps it.
    const workerDown = Object.assign(new Error("Failed query"), {
      cause: Object.assign(new Error("connection to the remote node 127.0.0.1:9702 failed"), { code: "08006" }),
    });
    for (const error of [workerDown, Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })]) {
      const response = errorResponse(error);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect((await response.json()).error.code).toBe("database_unavailable");
    }
    const other = errorResponse(Object.assign(new Error("division by zero"), { code: "22012" }));
    expect(other.status).toBe(500);
    quiet.mockRestore();
  });
});
