import { describe, expect, it } from "vitest";
import { LATENCY_BUCKETS_MS } from "@/lib/ingest/health";
import { latencyQuantile, toIngestionHealth } from "./ingestion-health";

/** Counts per bucket from a sparse { upper bound: count } ("inf" for the open bucket). */
const buckets = (counts: Record<string, number>) =>
  [...LATENCY_BUCKETS_MS, "inf"].map((bound) => counts[String(bound)] ?? 0);

describe("latencyQuantile", () => {
  it("interpolates inside the bucket the rank falls in, as Prometheus' histogram_quantile", () => {
    // 10 answers ≤ 10 ms, 10 in (100, 150]: the median is the 10th answer, the top of the first
    // bucket; p95 is rank 19 of 20, 9/10 into (100, 150] = 145 ms.
    const counts = buckets({ 10: 10, 150: 10 });
    expect(latencyQuantile(counts, 0.5)).toBe(10);
    expect(latencyQuantile(counts, 0.95)).toBe(145);
    expect(latencyQuantile(counts, 0.99)).toBe(149);
    // The open bucket answers its lower bound (10 s): "at least".
    expect(latencyQuantile(buckets({ inf: 3 }), 0.5)).toBe(10_000);
    expect(latencyQuantile(buckets({}), 0.95)).toBeNull();
  });
});

describe("toIngestionHealth", () => {
  const now = new Date("2026-03-30T12:00:30Z"); // 30 s into the current minute
  const from = Date.parse("2026-03-30T11:01:00Z"); // 59 whole minutes before it
  const row = (minute: string, r: Partial<Parameters<typeof toIngestionHealth>[0][number]>) => ({
    minute,
    requests: 0,
    events: 0,
    refused: {},
    latency: buckets({}),
    queue_max: 0,
    ...r,
  });

  it("is idle with no request, every minute of the hour present", () => {
    const health = toIngestionHealth([], from, now);
    expect(health.status).toBe("idle");
    expect(health.minutes).toHaveLength(60);
    expect(health.minutes[0]?.t).toBe("2026-03-30T11:01:00.000Z");
    expect(health.minutes.at(-1)).toMatchObject({ t: "2026-03-30T12:00:00.000Z", partial: true });
    expect(health.latencyMs).toEqual({ p50: null, p95: null, p99: null });
  });

  it("sums the processes' rows per minute, rates over the seconds each minute covered", () => {
    const health = toIngestionHealth(
      [
        // Two processes counted 11:30; one more row for it from a later flush.
        row("2026-03-30T11:30:00Z", { requests: 4, events: 1_000, latency: buckets({ 50: 4 }), queue_max: 250 }),
        row("2026-03-30T11:30:00Z", { requests: 4, events: 2_000, latency: buckets({ 50: 4 }), queue_max: 750 }),
        row("2026-03-30T11:30:00Z", { refused: { rate_limited: 2, invalid_body: 1 } }),
        // The current minute, 30 s in: 600 events are 20 a second.
        row("2026-03-30T12:00:00Z", { requests: 2, events: 600, latency: buckets({ 100: 2 }), queue_max: 10 }),
        row("2026-03-30T12:00:00Z", { refused: { rate_limited: 1 } }),
        // Outside the window: ignored.
        row("2026-03-30T11:00:00Z", { requests: 9, events: 9_000 }),
      ],
      from,
      now,
    );
    const at1130 = health.minutes.find((m) => m.t === "2026-03-30T11:30:00.000Z");
    expect(at1130).toMatchObject({ requests: 8, events: 3_000, eventsPerSecond: 50, refused: 3, queueMax: 750 });
    expect(health.minutes.at(-1)).toMatchObject({ events: 600, eventsPerSecond: 20, refused: 1, partial: true });
    expect(health.requests).toBe(10);
    expect(health.events).toBe(3_600);
    // 59 whole minutes and 30 s: 3,570 s.
    expect(health.eventsPerSecond).toBe(1.008);
    expect(health.queueMax).toBe(750);
    expect(health.refused).toBe(4);
    expect(health.refusedByCode).toEqual([
      { code: "rate_limited", count: 3 },
      { code: "invalid_body", count: 1 },
    ]);
    // 8 answers in (25, 50], 2 in (75, 100]: the median is rank 5, 5/8 into (25, 50] = 40.6 ms.
    expect(health.latencyMs.p50).toBe(40.6);
    expect(health.latencyMs.p95).toBe(93.8); // rank 9.5: 1.5/2 into (75, 100]
    expect(health.status).toBe("healthy");
    expect(health.concerns).toEqual([]);
  });

  it("falls behind on slow answers, a long queue or the server's own failures in the last 5 minutes", () => {
    const slow = toIngestionHealth(
      [row("2026-03-30T11:58:00Z", { requests: 10, events: 10, latency: buckets({ 2000: 10 }), queue_max: 12_000 })],
      from,
      now,
    );
    expect(slow.status).toBe("falling_behind");
    expect(slow.concerns).toEqual([
      "answers slow: p95 1950 ms over the last 5 minutes",
      "12,000 events waiting for the writer",
    ]);
    const failing = toIngestionHealth(
      [row("2026-03-30T12:00:00Z", { refused: { database_unavailable: 3, rate_limited: 5 } })],
      from,
      now,
    );
    expect(failing.concerns).toEqual(["3 requests failed on the server's side (database unavailable or an error)"]);
    // The same an hour's worth ago is history, not a concern now.
    const old = toIngestionHealth([row("2026-03-30T11:10:00Z", { refused: { database_unavailable: 3 } })], from, now);
    expect(old.status).toBe("healthy");
  });
});
