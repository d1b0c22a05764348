import { describe, expect, it } from "vitest";
import { FRESHNESS_THRESHOLDS, freshnessOf } from "./freshness";
import { toIngestionHealth } from "./ingestion-health";
import { toDataQualityResult } from "./result";

const now = new Date("2026-03-30T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe("freshnessOf", () => {
  it("is fresh under an hour, delayed under a day, stale beyond, empty before any event", () => {
    expect(freshnessOf(null, now)).toEqual({ lastReceivedAt: null, lagSeconds: null, status: "empty" });
    expect(freshnessOf(ago(3_599), now)).toMatchObject({ lagSeconds: 3_599, status: "fresh" });
    expect(freshnessOf(ago(FRESHNESS_THRESHOLDS.delayedAfterSeconds), now).status).toBe("delayed");
    expect(freshnessOf(ago(86_399), now).status).toBe("delayed");
    expect(freshnessOf(ago(FRESHNESS_THRESHOLDS.staleAfterSeconds), now)).toMatchObject({
      lagSeconds: 86_400,
      status: "stale",
    });
    // A clock a little ahead of this server's: received "in the future" is received now.
    expect(freshnessOf(ago(-5), now)).toMatchObject({ lagSeconds: 0, status: "fresh" });
  });
});

describe("toDataQualityResult", () => {
  const meta = { timeZone: "UTC", from: "", to: "", lastReceivedAt: ago(60), computedAt: now.toISOString() };
  const result = toDataQualityResult({
    days: { from: "2026-03-29T00:00:00.000Z", to: "2026-03-31T00:00:00.000Z" },
    lagWindow: { from: ago(86_400), to: now.toISOString() },
    now,
    meta,
    issuesByDay: [
      { day: "2026-03-29", reason: "missing_event", count: 2 },
      { day: "2026-03-29", reason: "pii_dropped", count: 1 },
      { day: "2026-03-30", reason: "duplicate", count: 4 },
      { day: "2026-03-30", reason: "pii_dropped", count: 3 },
    ],
    issuesByEvent: [
      { event: "", reason: "duplicate", count: 4 },
      { event: "signup", reason: "pii_dropped", count: 4 },
    ],
    byEventLimit: 1,
    eventIssues: [{ event: "signup", reason: "pii_dropped", count: 4 }],
    events: [
      { event: "signup", firstSeen: null, lastSeen: null, lastReceivedAt: ago(60), volume: 0 },
      { event: "view", firstSeen: null, lastSeen: null, lastReceivedAt: ago(60), volume: 0 },
    ],
    eventsLimit: 5,
    lags: [{ event: "view", medianSeconds: 2, p95Seconds: 9, measured: 3, sampled: false }],
    hourly: [
      { t: "2026-03-29T23:00:00Z", value: 5 },
      { t: "2026-03-30T00:00:00Z", value: 7 },
    ],
    ingestion: toIngestionHealth([], now.getTime() - 59 * 60_000, now),
  });

  it("counts each day's events and issues by class, every day of the range present", () => {
    expect(result.daily).toEqual([
      { day: "2026-03-29", accepted: 5, rejected: 2, altered: 1, duplicates: 0 },
      { day: "2026-03-30", accepted: 7, rejected: 0, altered: 3, duplicates: 4 },
    ]);
    expect(result.totals).toEqual({ accepted: 12, rejected: 2, altered: 4 });
    expect(result.duplicatesDropped).toBe(4);
    expect(result.issues.reasons.map((r) => [r.reason, r.classification, r.count])).toEqual([
      ["duplicate", "duplicate", 4],
      ["pii_dropped", "altered", 4],
      ["missing_event", "rejected", 2],
    ]);
  });

  it("cuts the (event, reason) list at its limit and says so; joins issues and lag to the events", () => {
    expect(result.issues.byEvent).toEqual([{ event: "", reason: "duplicate", classification: "duplicate", count: 4 }]);
    expect(result.issues.byEventTruncated).toBe(true);
    expect(result.events.map((e) => [e.event, e.rejected, e.altered, e.lag?.medianSeconds ?? null])).toEqual([
      ["signup", 0, 4, null],
      ["view", 0, 0, 2],
    ]);
    expect(result.freshness).toMatchObject({ status: "fresh", lagSeconds: 60 });
  });
});
