import { Analytics } from "@segment/analytics-node";
import { describe, expect, it } from "vitest";
import { e2eKeys } from "./global-setup";
import { baseUrl, driver, hourOf, hourStart, ingestPost, total, track, unique } from "./helpers";

describe(`Segment ingestion on the running app (${driver})`, () => {
  it("stores what the real @segment/analytics-node client sends, once, on one person", async () => {
    const run = unique("sdk");
    const analytics = new Analytics({ writeKey: e2eKeys.ingestWrite, host: baseUrl, flushAt: 3, maxRetries: 2 });
    const errors: unknown[] = [];
    analytics.on("error", (error) => errors.push(error));
    const anonymousId = `${run}-anon`;
    analytics.page({ anonymousId, name: "Pricing", properties: { run } });
    analytics.track({ anonymousId, event: `${run}_viewed`, properties: { run } });
    analytics.identify({ userId: `${run}-user`, anonymousId, traits: { email: "sdk@example.com" } });
    analytics.group({ userId: `${run}-user`, groupId: `${run}-acct`, traits: { name: "SDK Inc", plan: "team" } });
    analytics.track({ userId: `${run}-user`, event: `${run}_bought`, properties: { run } });
    analytics.alias({ userId: `${run}-new`, previousId: `${run}-user` });
    analytics.track({ userId: `${run}-new`, event: `${run}_after_alias` });
    await analytics.closeAndFlush({ timeout: 20_000 });
    expect(errors).toEqual([]);
    for (const event of [`${run}_viewed`, `${run}_bought`, `${run}_after_alias`]) expect(await total(event)).toBe(1);
    // Anonymous page view, identified purchase and post-alias event: one person.
    const persons = await Promise.all(
      [`${run}_viewed`, `${run}_bought`, `${run}_after_alias`].map((e) => total(e, "persons")),
    );
    expect(persons).toEqual([1, 1, 1]);

    // The catalog lists the new names with their volume, seen-hours and freshness.
    const response = await fetch(`${baseUrl}/api/v1/projects/ingest/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${e2eKeys.ingestSecret}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "event_catalog" }),
    });
    expect(response.status).toBe(200);
    const catalog = (await response.json()) as { events: { event: string; volume: number; lastSeen: string }[] };
    const bought = catalog.events.find((e) => e.event === `${run}_bought`);
    expect(bought).toMatchObject({ volume: 1, status: "active", lastSeen: expect.stringMatching(/:00:00Z$/) });
  });

  it("answers malformed requests with a code, and loses nothing of a good batch", async () => {
    expect((await ingestPost("/v1/batch", "{not json")).body.error.code).toBe("invalid_json");
    expect((await ingestPost("/v1/batch", "[1,2]")).body.error.code).toBe("invalid_body");
    const empty = await ingestPost("/v1/batch", { batch: [] });
    expect([empty.status, empty.body.error.code]).toEqual([400, "empty_batch"]);
    expect((await ingestPost("/v1/batch", { batch: "x" })).body.error.code).toBe("invalid_batch");
    expect((await ingestPost("/v1/nope", { batch: [] })).status).toBe(404);

    const event = unique("mixed");
    const batch = Array.from({ length: 100 }, (_, i) => track(event, i));
    batch[42] = { type: "track", userId: "u", messageId: "no-event-name" } as never;
    const response = await ingestPost("/v1/batch", { batch });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accepted: 99,
      duplicates: 0,
      rejected: [
        { index: 42, messageId: "no-event-name", code: "missing_event", message: "track calls need an event name" },
      ],
    });
    expect(await total(event)).toBe(99);
  });

  it("enforces limits: event size and shape, request size, batch length, encodings, gzip bomb", async () => {
    const event = unique("limits");
    const big = track(event, 1, { properties: { blob: "x".repeat(33 * 1024) } });
    const response = await ingestPost("/v1/batch", { batch: [track(event, 0), big] });
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(1);
    expect(response.body.rejected[0]).toMatchObject({ index: 1, code: "event_too_large" });

    const huge = {
      batch: Array.from({ length: 40 }, (_, i) => track(event, i + 10, { properties: { pad: "y".repeat(30_000) } })),
    };
    const oversize = await ingestPost("/v1/batch", huge);
    expect([oversize.status, oversize.body.error.code]).toEqual([413, "payload_too_large"]);
    const long = {
      batch: Array.from({ length: 2_501 }, (_, i) => ({ type: "track", event, userId: "u", messageId: `l${i}` })),
    };
    const tooMany = await ingestPost("/v1/batch", long);
    expect([tooMany.status, tooMany.body.error.code]).toEqual([413, "too_many_events"]);
    // Shapes refused per event: too deep, too many keys, a key too long.
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 13; i++) deep = { d: deep };
    const shapes = await ingestPost("/v1/batch", {
      batch: [
        track(event, 20, { properties: deep }),
        track(event, 21, { properties: Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, i])) }),
        track(event, 22, { properties: { ["k".repeat(257)]: 1 } }),
      ],
    });
    expect(shapes.body.rejected.map((r: { code: string }) => r.code)).toEqual([
      "too_deep",
      "too_many_keys",
      "key_too_long",
    ]);
    const notGzip = await ingestPost("/v1/batch", "not gzip", { headers: { "content-encoding": "gzip" } });
    expect([notGzip.status, notGzip.body.error.code]).toEqual([400, "invalid_gzip"]);
    const brotli = await ingestPost(
      "/v1/batch",
      { batch: [track(event, 23)] },
      { headers: { "content-encoding": "br" } },
    );
    expect([brotli.status, brotli.body.error.code]).toEqual([415, "unsupported_encoding"]);
    const bomb = `{"batch":[{"type":"track","event":"e","userId":"u","properties":{"p":"${"0".repeat(20 * 1024 * 1024)}"}}]}`;
    const bombed = await ingestPost("/v1/batch", bomb, { gzip: true });
    expect([bombed.status, bombed.body.error.code]).toEqual([413, "payload_too_large"]);
    expect(await total(event)).toBe(1);
  });

  it("accepts gzip bodies, text/plain, the single-call endpoints and every auth style", async () => {
    const event = unique("auth");
    expect((await ingestPost("/v1/batch", { batch: [track(event, 1)] }, { gzip: true })).body.accepted).toBe(1);
    expect(
      (await ingestPost("/v1/track", track(event, 2), { headers: { "content-type": "text/plain" } })).body.accepted,
    ).toBe(1);
    expect(
      (await ingestPost("/v1/track", track(event, 3), { key: null, headers: { "x-write-key": e2eKeys.ingestWrite } }))
        .body.accepted,
    ).toBe(1);
    expect(
      (await ingestPost("/v1/track", { ...track(event, 4), writeKey: e2eKeys.ingestWrite }, { key: null })).body
        .accepted,
    ).toBe(1);
    expect((await ingestPost("/v1/identify", { userId: "u-x", traits: { plan: "pro" } })).body.accepted).toBe(1);
    expect(await total(event)).toBe(4);
    // Every single-call endpoint, the write key in the body.
    const key = { writeKey: e2eKeys.ingestWrite };
    const calls = {
      "/v1/page": { anonymousId: `${event}-a`, name: "Home", ...key },
      "/v1/screen": { userId: `${event}-u`, name: "Settings", ...key },
      "/v1/identify": { userId: `${event}-u`, anonymousId: `${event}-a`, traits: { plan: "team" }, ...key },
      "/v1/group": { userId: `${event}-u`, groupId: `${event}-g`, traits: { name: "G" }, ...key },
      "/v1/alias": { userId: `${event}-v`, previousId: `${event}-u`, ...key },
    };
    for (const [call, body] of Object.entries(calls)) {
      const response = await ingestPost(call, body, { key: null });
      expect([call, response.status, response.body.accepted]).toEqual([call, 200, 1]);
    }
  });

  it("sends to the key's project only", async () => {
    const event = unique("scoped");
    await ingestPost("/v1/batch", { batch: [track(event, 1)] });
    expect(await total(event, "count", "ingest")).toBe(1);
    expect(await total(event, "count", "acme")).toBe(0);
  });

  it("refuses a missing or wrong write key with 401", async () => {
    const none = await ingestPost("/v1/batch", { batch: [track("x", 1)] }, { key: null });
    expect([none.status, none.body.error.code]).toEqual([401, "missing_write_key"]);
    const wrong = await ingestPost("/v1/batch", { batch: [track("x", 1)] }, { key: "lp_w_wrong" });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, "invalid_write_key"]);
  });

  it("stores a batch once: sent twice, twice at once, and retried with another sentAt", async () => {
    const event = unique("dedup");
    const batch = Array.from({ length: 50 }, (_, i) => track(event, i));
    expect((await ingestPost("/v1/batch", { batch, sentAt: new Date().toISOString() })).body).toMatchObject({
      accepted: 50,
    });
    const retry = await ingestPost("/v1/batch", { batch, sentAt: new Date(Date.now() + 5_000).toISOString() });
    expect(retry.body).toMatchObject({ accepted: 0, duplicates: 50 });
    const event2 = unique("dedup_concurrent");
    const batch2 = Array.from({ length: 50 }, (_, i) => track(event2, i));
    const both = await Promise.all([
      ingestPost("/v1/batch", { batch: batch2 }),
      ingestPost("/v1/batch", { batch: batch2 }),
    ]);
    expect(both.map((r) => r.body.accepted).sort((a, b) => a - b)).toEqual([0, 50]);
    expect(await total(event)).toBe(50);
    expect(await total(event2)).toBe(50);
  });

  it("corrects client clock skew and warns when messageId is missing", async () => {
    const event = unique("skew");
    // A phone 3 days ahead, sending an event of an hour before: stored an hour ago, not flagged
    // as from the future and stored at receipt.
    const now = Date.now();
    const sentAt = new Date(now + 3 * 86_400_000).toISOString();
    const timestamp = new Date(now + 3 * 86_400_000 - 3_600_000).toISOString();
    const response = await ingestPost("/v1/batch", {
      batch: [{ type: "track", event, userId: "skewed", timestamp, sentAt }],
    });
    expect(response.body.accepted).toBe(1);
    expect(response.body.warnings[0]).toMatchObject({ code: "missing_message_id", indexes: [0] });
    // (The request took a moment: it may have been received in the next second, or hour.)
    expect([hourStart(now - 3_600_000), hourStart(now - 3_600_000 + 5_000)]).toContain(await hourOf(event, now));
  });

  it("stores events whose clock is absurd at receipt, flagged, and refuses ids it would have to cut", async () => {
    const event = unique("clocks");
    const batch = [
      track(event, 1),
      // A device reset to 1970: its sentAt corrects the time to 5 s ago (a skew of ~56 years).
      track(event, 2, { timestamp: "1970-01-01T00:00:05Z", sentAt: "1970-01-01T00:00:10Z" }),
      track(event, 3, { timestamp: "0050-03-01T00:00:00Z" }), // a year typed short: stored at receipt
      track(event, 4, { messageId: "m".repeat(201) }),
    ];
    const response = await ingestPost("/v1/batch", { batch });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      accepted: 3,
      rejected: [{ index: 3, code: "id_too_long", message: "messageId is longer than 200 characters" }],
    });
    expect(await total(event)).toBe(3);
  });

  it("throttles a project over its rate with 429 and Retry-After", async () => {
    // "limited" may send 10 events/s, with a burst of one full batch (2,500).
    const event = unique("burst");
    const batch = (from: number) => Array.from({ length: 2_000 }, (_, i) => track(event, from + i));
    const options = { key: e2eKeys.limitedWrite };
    expect((await ingestPost("/v1/batch", { batch: batch(0) }, options)).status).toBe(200);
    const throttled = await ingestPost("/v1/batch", { batch: batch(2_000) }, options);
    expect([throttled.status, throttled.body.error.code]).toEqual([429, "rate_limited"]);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(100);
  });

  it("keeps odd but valid content: __proto__, injection-shaped names and values, emoji, RTL", async () => {
    const event = unique("odd");
    const properties = JSON.parse(
      `{"__proto__":{"admin":true},"a'); drop table events;--":"x","$where":"1=1","emoji":"😀","rtl":"مرحبا","nul":"a\\u0000b","lone":"\\ud800"}`,
    );
    const response = await ingestPost("/v1/batch", { batch: [{ ...track(event, 1), properties }] });
    expect(response.body).toMatchObject({ accepted: 1, rejected: [] });
    expect(await total(event)).toBe(1); // what was stored, on PostgreSQL: stored.test.ts
  });

  it("records deploys idempotently with a secret key", async () => {
    const version = unique("v");
    const post = (body: unknown, key = e2eKeys.ingestSecret) =>
      fetch(`${baseUrl}/api/v1/deploys`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const deploy = {
      service: "web",
      version,
      commit: "abc1234",
      description: "e2e",
      timestamp: new Date().toISOString(),
    };
    const first = await post(deploy);
    expect(first.status).toBe(201);
    const created = await first.json();
    const again = await post(deploy);
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(created.id);
    expect((await post(deploy, e2eKeys.ingestWrite)).status).toBe(403);
    const bad = await post({ service: "web" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].field).toBe("version");
  });
});
