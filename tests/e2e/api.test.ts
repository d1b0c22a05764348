import { describe, expect, inject, it } from "vitest";
import { e2eKeys } from "./global-setup";

const baseUrl = inject("baseUrl");
const driver = inject("driver");
const trend = {
  kind: "trend",
  series: [{ event: "$any" }],
  interval: "day",
  from: "2026-01-01T00:00:00Z",
  to: "2026-02-01T00:00:00Z",
};

const query = (project: string, body: unknown, key?: string) =>
  fetch(`${baseUrl}/api/v1/projects/${project}/query`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe(`API on the running app (${driver})`, () => {
  it("reports health: database reachable, migrations current, driver", async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: {
        reachable: true,
        driver: driver === "PGlite" ? "pglite" : "pg",
        migrations: { current: true, latest: expect.stringMatching(/^\d{4}_\w+$/) },
        // On Citus, every worker the coordinator knows, each reached.
        ...(driver === "Citus"
          ? { workers: [expect.objectContaining({ reachable: true }), expect.objectContaining({ reachable: true })] }
          : {}),
      },
    });
  });

  it("answers the bootstrap project's trend with its secret key (empty project: zeros)", async () => {
    const response = await query("acme", trend, e2eKeys.secret);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.series[0].points).toHaveLength(31);
    expect(body.series[0].points.every((p: { value: number }) => p.value === 0)).toBe(true);
    expect(body.meta).toMatchObject({ timeZone: "UTC", lastReceivedAt: null });
  });

  it("refuses without a key (401), with a wrong key (401) and with a write key (403)", async () => {
    const none = await query("acme", trend);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthenticated");
    expect((await query("acme", trend, "lp_s_wrong")).status).toBe(401);
    const write = await query("acme", trend, e2eKeys.write);
    expect(write.status).toBe(403);
    expect((await write.json()).error.code).toBe("write_key_not_allowed");
  });

  it("answers 404 for another project or an unknown one, without telling them apart", async () => {
    for (const project of ["demo", "nope", "Bad%20Slug", "a'--"]) {
      const response = await query(project, trend, e2eKeys.secret);
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("project_not_found");
    }
  });

  it("refuses an oversized query body with 413", async () => {
    const response = await query("acme", { ...trend, padding: "x".repeat(300 * 1024) }, e2eKeys.secret);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("payload_too_large");
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const response = await fetch(`${baseUrl}/api/v1/nothing/here`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });

  it("answers 400 with the field and reason for bad parameters and bad JSON", async () => {
    const bad = await query("acme", { ...trend, interval: "fortnight" }, e2eKeys.secret);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe("invalid_params");
    expect(body.error.details[0].field).toBe("interval");
    const json = await query("acme", "{not json", e2eKeys.secret);
    expect(json.status).toBe(400);
    expect((await json.json()).error.code).toBe("invalid_json");
  });
});
