import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { describe, expect, inject, it } from "vitest";
import { healthDuring as probeHealth } from "../../scripts/bench/hostile";
import { e2eKeys } from "./global-setup";
import { baseUrl, dashboardHeaders, driver, ingestPost, track, unique } from "./helpers";

// What anyone holding the public write key (or reaching the server) may try, on the built app.
const appLog = inject("appLog");
const deployKey = inject("deployKey");
const port = Number(new URL(baseUrl).port);

const healthDuring = <T>(hostile: () => Promise<T>) => probeHealth(baseUrl, hostile);

/** A raw HTTP/1.1 exchange: what a client that is not a browser or fetch can send. */
function raw(request: string, hold = false): Promise<{ response: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let response = "";
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    socket.on("data", (chunk) => {
      response += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => resolve({ response, closedAfterMs: performance.now() - started }));
    if (!hold) socket.setTimeout(5_000, () => socket.destroy());
  });
}

describe(`a public write key cannot stall the server (${driver})`, () => {
  it("redacts 30 events of 32 KB without an @ while /api/health keeps answering", async () => {
    const batch = Array.from({ length: 30 }, (_, i) =>
      track(unique("regex"), i, { properties: { s: "a".repeat(32_600) } }),
    );
    const { result, worstHealthMs } = await healthDuring(() => ingestPost("/v1/batch", { batch }, { gzip: true }));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ accepted: 30, rejected: [] });
    expect(worstHealthMs).toBeLessThan(2_000);
  });

  it("checks a batch's context once: 40,000 keys or 200,000 levels are refused, not walked per message", async () => {
    const context = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i === 0 ? "\u0000" : 1]));
    const batch = Array.from({ length: 2_500 }, (_, i) => ({ type: "track", event: "tiny", userId: `u${i % 50}` }));
    const { result, worstHealthMs } = await healthDuring(() =>
      ingestPost("/v1/batch", { batch, context }, { gzip: true }),
    );
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({
      code: "invalid_context",
      details: { reason: expect.stringMatching(/^(too_many_keys|event_too_large)$/) },
    });
    expect(worstHealthMs).toBeLessThan(2_000);

    const deep = `{"batch":[{"type":"track","event":"e","userId":"u"}],"context":{"a":${"[".repeat(200_000)}"\\u0000"${"]".repeat(200_000)}}}`;
    const refused = await ingestPost("/v1/batch", deep, { gzip: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "invalid_context", details: { reason: "too_deep" } });

    const fine = await ingestPost("/v1/batch", {
      batch: batch.slice(0, 10),
      context: { app: { version: "9.9\u0000" } },
    });
    expect(fine.body).toMatchObject({ accepted: 10 });
  });

  it("times out a client that sends headers and then nothing, or a body that never ends", async () => {
    const headersOnly = raw(`POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n`, true);
    const bodyNever = raw(
      `POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"batch":`,
      true,
    );
    for (const { closedAfterMs } of await Promise.all([headersOnly, bodyNever])) {
      expect(closedAfterMs).toBeLessThan(20_000);
    }
  }, 60_000);

  it("does not log an aborted upload as an error", async () => {
    const before = fs.readFileSync(appLog, "utf8").length;
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.write(
          `POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Basic ${Buffer.from(`${e2eKeys.ingestWrite}:`).toString("base64")}\r\nContent-Length: 5000\r\n\r\n{"batch":[`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 300);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const logged = fs.readFileSync(appLog, "utf8").slice(before);
    expect(logged).not.toMatch(/unhandled API error|ECONNRESET|aborted/);
  });
});

describe(`identity, keys and odd ids through the write key (${driver})`, () => {
  it("never merges two identified persons by alias or identify: stored, and said in the answer", async () => {
    const alice = unique("alice");
    const bob = unique("bob");
    await ingestPost("/v1/batch", { batch: [track("x", 0, { userId: alice }), track("y", 1, { userId: bob })] });
    const alias = await ingestPost("/v1/alias", { previousId: alice, userId: bob, messageId: unique("alias") });
    expect(alias.status).toBe(200);
    expect(alias.body).toMatchObject({
      accepted: 1,
      warnings: [{ code: "merge_refused", indexes: [0] }],
    });
    const identify = await ingestPost("/v1/identify", { userId: bob, anonymousId: alice, messageId: unique("id") });
    expect(identify.body.warnings).toEqual([expect.objectContaining({ code: "merge_refused", indexes: [0] })]);
  });

  it("refuses a secret key for ingestion", async () => {
    const sent = await ingestPost("/v1/track", track("e", 0), { key: e2eKeys.ingestSecret });
    expect(sent.status).toBe(403);
    expect(sent.body.error.code).toBe("secret_key_not_allowed");
  });

  it("refuses numeric ids beyond 2^53 (two of them would be one) and bodies that are not JSON or text", async () => {
    // As a client would write them: digits JSON.parse cannot hold exactly.
    const ids = ["9007199254740993", "9007199254740992", "9007199254740991"];
    const messages = ids.map((id, i) =>
      JSON.stringify(track(unique("big"), i, { messageId: undefined })).replace(/^\{/, `{"messageId":${id},`),
    );
    const sent = await ingestPost("/v1/batch", `{"batch":[${messages.join(",")}]}`);
    expect(sent.body).toMatchObject({ accepted: 1 });
    expect(sent.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [0, "invalid_id"],
      [1, "invalid_id"],
    ]);
    for (const type of ["application/xml", "image/png", ""]) {
      const refused = await ingestPost("/v1/track", track("e", 3), { headers: { "content-type": type } });
      expect(refused.status, type).toBe(415);
      expect(refused.body.error.code).toBe("unsupported_media_type");
    }
    const beacon = await ingestPost("/v1/track", track(unique("beacon"), 4), {
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });
    expect(beacon.status).toBe(200);
  });

  it("takes a deploy from CI with a deploys:write key, which can read nothing", async () => {
    const deploy = await fetch(`${baseUrl}/api/v1/deploys`, {
      method: "POST",
      headers: { authorization: `Bearer ${deployKey}`, "content-type": "application/json" },
      body: JSON.stringify({ service: "web", version: unique("v"), commit: "1f3e9ab" }),
    });
    expect(deploy.status).toBe(201);
    const read = await fetch(`${baseUrl}/api/v1/projects/ingest/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${deployKey}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "event_catalog" }),
    });
    expect(read.status).toBe(403);
    expect((await read.json()).error).toMatchObject({
      code: "insufficient_scope",
      details: { required: "query:read" },
    });
  });
});

describe(`bad instants and ranges are 400s naming the field, and nothing is logged with data (${driver})`, () => {
  const query = (body: unknown) =>
    fetch(`${baseUrl}/api/v1/projects/ingest/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${e2eKeys.ingestSecret}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it.each([
    [{ kind: "trend", series: [{ event: "$any" }], from: "2026-13-45T99:99:00Z", to: "2026-11-02T00:00:00Z" }, "from"],
    [{ kind: "trend", series: [{ event: "$any" }], from: "2026-11-01T00:00:00Z", to: "0000-01-01T00:00:00Z" }, "to"],
    [{ kind: "top_events", from: "2000-01-01T00:00:00Z", to: "2199-01-01T00:00:00Z" }, "to"],
  ])("refuses %j", async (body, field) => {
    const response = await query(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error.details[0].field).toBe(field);
  });

  it("refuses a deploy at a time that does not exist", async () => {
    for (const timestamp of ["2026-13-45T99:99:00Z", "0000-01-01T00:00:00Z"]) {
      const response = await fetch(`${baseUrl}/api/v1/deploys`, {
        method: "POST",
        headers: { authorization: `Bearer ${deployKey}`, "content-type": "application/json" },
        body: JSON.stringify({ service: "web", version: unique("bad"), timestamp }),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.details[0].field).toBe("timestamp");
    }
  });

  it("pages the event catalog", async () => {
    const first = await (await query({ kind: "event_catalog", limit: 2 })).json();
    expect(first.events).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (await query({ kind: "event_catalog", limit: 2, cursor: first.nextCursor })).json();
    expect(second.events[0].event).not.toBe(first.events[0].event);
    expect((await query({ kind: "event_catalog", cursor: "garbage" })).status).toBe(400);
  });

  it("has logged no SQL, parameters or event data so far", () => {
    const log = fs.readFileSync(appLog, "utf8");
    expect(log).not.toMatch(/Failed query|params:|carol@|"a{20}/);
  });
});

/** A request with a Host header of our choosing (fetch does not let one set it). */
function withHost(host: string, pathname: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, path: pathname, method, headers: { host, ...headers } },
      (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    request.on("error", reject);
    request.end(method === "POST" ? JSON.stringify({ kind: "event_catalog" }) : undefined);
  });
}

describe(`the dashboard answers its own hosts only, with security headers (${driver})`, () => {
  it("refuses a page or a dashboard API call for another Host (DNS rebinding)", async () => {
    const page = await withHost("evil.example", "/projects/demo");
    expect(page.status).toBe(421);
    expect(page.body).not.toContain("Demo shop");
    const api = await withHost(
      "evil.example",
      "/api/v1/projects/demo/query",
      {
        ...(await dashboardHeaders()),
        "content-type": "application/json",
      },
      "POST",
    );
    expect(api.status).toBe(421);
    expect(JSON.parse(api.body).error.code).toBe("misdirected_request");
  });

  it("sends a nonce CSP, no framing, no sniffing and a same-origin referrer policy", async () => {
    const page = await withHost(`127.0.0.1:${port}`, "/projects/demo", {
      cookie: (await dashboardHeaders()).cookie,
    });
    expect(page.status).toBe(200);
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(page.body).toContain(`nonce="${nonce}"`);
    expect(page.headers).toMatchObject({
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
    });
  });
});

describe(`an admin's merge through the API (${driver})`, () => {
  const merge = (body: unknown, key: string | null) =>
    fetch(`${baseUrl}/api/v1/projects/ingest/merges`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });

  it("merges two identified persons with an admin key, and refuses a keyless, session-less call", async () => {
    const [a, b] = [unique("admin-a"), unique("admin-b")];
    const sent = await ingestPost(
      "/v1/batch",
      { batch: [track(unique("merged"), 0, { userId: a }), track(unique("kept"), 1, { userId: b })] },
      { key: e2eKeys.ingestWrite },
    );
    expect(sent.body.accepted).toBe(2);
    const keyless = await fetch(`${baseUrl}/api/v1/projects/ingest/merges`, {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ from: a, into: b }),
    });
    expect(keyless.status).toBe(401);
    const done = await merge({ from: a, into: b }, e2eKeys.ingestSecret);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      from: { distinctIds: [a] },
      eventsMoved: 1,
      mergedBy: expect.stringMatching(/^key lp_s_/),
    });
    expect((await merge({ from: a, into: b }, e2eKeys.ingestSecret)).status).toBe(409);
  });
});
