import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDataQuality } from "@/lib/analytics/data-quality/get-data-quality";
import { queryParamsSchema, runQuery } from "@/lib/analytics/run-query";
import { eventNameCap } from "@/lib/ingest/event-names";
import { IngestHealth } from "@/lib/ingest/health";
import { prepareMessages } from "@/lib/ingest/prepare";
import { IssueCounter } from "@/lib/ingest/quality";
import { writeEvents } from "@/lib/ingest/write-events";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createProject, type Project } from "@/lib/projects/projects";
import { updateProjectSettings } from "@/lib/projects/projects-settings";
import { getHashKey } from "@/lib/projects/secrets";
import { createTestDatabase, driverName, onCitus } from "../support/database";
import { ingest } from "../support/ingest";

/**
 * Project "dq" (UTC, PII rule: drop `password`), two requests and a third, as HTTP ingestion
 * handles them (prepare → write → issue counts for the day of receipt). Worked out by hand:
 *
 * Request A, received 2026-03-29 10:00:05:
 *   a1 view      u1  ts 03-29 10:00          stored, lag 5 s
 *   a2 view      u2  ts 03-29 09:00          stored, lag 3,605 s
 *   a3 signup    u1  ts 03-29 10:00 password stored, pii_dropped (altered)
 *   a4 (no name) u3                          missing_event (rejected, event "")
 *   a5 view      201-character userId        id_too_long (rejected)
 *   a6 view      u4  ts "later"              stored at 10:00:05, unparseable_timestamp (altered)
 *   a7 $identify u1 + anonymous dev1         stored, ts 03-29 10:00
 * Request B, received 2026-03-30 11:00:00:
 *   a1 again                                 duplicate (counted under event "")
 *   —  view      u5  ts 03-30 10:59:50 no id stored, missing_message_id (altered), lag 10 s
 *   b3 view      u6  ts 03-30 10:00          stored, lag 3,600 s
 *   b4 signup    u7  ts 03-31 20:00 (33 h ahead) stored at 11:00:00, future_timestamp (altered), lag 0
 *   b5 view      u8  ts 03-30 11:00          stored, lag 0
 * Request C, received 2026-03-30 11:00:01:
 *   c1 $identify u2 + dev1 (dev1 is u1's)    stored at ts 03-30 10:40, merge_refused (altered), lag 1,201 s
 *
 * Range 03-29 … 03-31 (two days), now = 03-30 12:00:
 *   accepted by timestamp day: 03-29 a1 a2 a3 a6 a7 = 5; 03-30 u5 b3 b4 b5 c1 = 5
 *   issues by day of receipt: 03-29 rejected 2, altered 2; 03-30 altered 3, duplicates 1
 *   view: volume 6, rejected 1, altered 2; $identify 2, altered 1; signup 2, altered 2
 *   lag window: received in [03-29 12:00, 03-30 12:00): B and C only
 *     view [0, 10, 3600] → median 10, p95 3600; signup [0]; $identify [1201]
 *   freshness: newest receipt 11:00:01 (c1; view's 11:00:00) → 3,599 s before now: fresh
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;
let empty: Project;
let gappy: Project;
const now = new Date("2026-03-30T12:00:00Z");
const range = { kind: "data_quality" as const, from: "2026-03-29T00:00:00.000Z", to: "2026-03-31T00:00:00.000Z" };

/** One request the way lib/ingest/handle-ingest.ts stores it, received at `receivedAt`. */
async function send(messages: Record<string, unknown>[], receivedAt: string) {
  const receivedAtMs = Date.parse(receivedAt);
  const privacy = { settings: project.settings, hashKey: await getHashKey(database.db, project.id) };
  const issues = new IssueCounter();
  const { events } = await prepareMessages(messages, {
    receivedAtMs,
    privacy,
    issues,
    oldestMs: receivedAtMs - 730 * 86_400_000,
    admitNames: eventNameCap(database.db, project.id),
  });
  const result = await writeEvents(database.db, project.id, events);
  if (result.duplicates > 0) issues.add("", "duplicate", result.duplicates);
  issues.addMergesRefused(events, result);
  await issues.save(database.db, project.id, receivedAt.slice(0, 10));
}

const track = (messageId: string | null, event: string | null, userId: string, timestamp: string, extra = {}) => ({
  type: "track",
  ...(messageId ? { messageId } : {}),
  ...(event ? { event } : {}),
  userId,
  timestamp,
  ...extra,
});

beforeAll(async () => {
  database = await createTestDatabase();
  project = { ...(await createProject(database.db, { slug: "dq" })), settings: { pii: { drop: ["password"] } } };
  await updateProjectSettings(database.db, project.id, project.settings);
  await send(
    [
      track("a1", "view", "u1", "2026-03-29T10:00:00Z"),
      track("a2", "view", "u2", "2026-03-29T09:00:00Z"),
      track("a3", "signup", "u1", "2026-03-29T10:00:00Z", { properties: { password: "hunter2" } }),
      track("a4", null, "u3", "2026-03-29T10:00:00Z"),
      track("a5", "view", "x".repeat(201), "2026-03-29T10:00:00Z"),
      track("a6", "view", "u4", "later"),
      { type: "identify", messageId: "a7", userId: "u1", anonymousId: "dev1", timestamp: "2026-03-29T10:00:00Z" },
    ],
    "2026-03-29T10:00:05Z",
  );
  await send(
    [
      track("a1", "view", "u1", "2026-03-29T10:00:00Z"),
      track(null, "view", "u5", "2026-03-30T10:59:50Z"),
      track("b3", "view", "u6", "2026-03-30T10:00:00Z"),
      track("b4", "signup", "u7", "2026-03-31T20:00:00Z"),
      track("b5", "view", "u8", "2026-03-30T11:00:00Z"),
    ],
    "2026-03-30T11:00:00Z",
  );
  await send(
    [{ type: "identify", messageId: "c1", userId: "u2", anonymousId: "dev1", timestamp: "2026-03-30T10:40:00Z" }],
    "2026-03-30T11:00:01Z",
  );
  empty = await createProject(database.db, { slug: "dq-empty" });
  // 30 events at Monday 09:00 in each of the 4 weeks before, 2 on the Monday judged: a gap.
  gappy = await createProject(database.db, { slug: "dq-gappy" });
  for (let week = 0; week <= 4; week++) {
    const hour = Date.parse("2026-03-30T09:00:00Z") - week * 7 * 86_400_000;
    const at = (i: number) => new Date(hour + i * 60_000).toISOString();
    const messages = Array.from({ length: week === 0 ? 2 : 30 }, (_, i) => track(null, "tick", `g${i}`, at(i)));
    await ingest(database.db, gappy.id, messages, new Date(hour + 3_600_000).toISOString());
  }
});
afterAll(() => database.drop());

describe(`data quality (${driverName})`, () => {
  it("counts accepted, rejected, altered and duplicate events per day and reason", async () => {
    const result = await getDataQuality(database.db, project, range, now);
    expect(result.days).toEqual({ from: "2026-03-29T00:00:00.000Z", to: "2026-03-31T00:00:00.000Z" });
    expect(result.daily).toEqual([
      { day: "2026-03-29", accepted: 5, rejected: 2, altered: 2, duplicates: 0 },
      { day: "2026-03-30", accepted: 5, rejected: 0, altered: 3, duplicates: 1 },
    ]);
    expect(result.totals).toEqual({ accepted: 10, rejected: 2, altered: 5 });
    expect(result.duplicatesDropped).toBe(1);
    expect(result.issues.reasons.map((r) => [r.reason, r.classification, r.count])).toEqual([
      ["duplicate", "duplicate", 1],
      ["future_timestamp", "altered", 1],
      ["id_too_long", "rejected", 1],
      ["merge_refused", "altered", 1],
      ["missing_event", "rejected", 1],
      ["missing_message_id", "altered", 1],
      ["pii_dropped", "altered", 1],
      ["unparseable_timestamp", "altered", 1],
    ]);
    expect(result.issues.byEvent).toContainEqual({
      event: "",
      reason: "missing_event",
      classification: "rejected",
      count: 1,
    });
    expect(result.issues.byEvent).toHaveLength(8);
    expect(result.issues.byEventTruncated).toBe(false);
  });

  it("gives each event its volume, issues, last seen hour and ingestion lag", async () => {
    const result = await getDataQuality(database.db, project, range, now);
    expect(result.lagWindow).toEqual({ from: "2026-03-29T12:00:00.000Z", to: "2026-03-30T12:00:00.000Z" });
    expect(result.events).toEqual([
      {
        event: "view",
        firstSeen: "2026-03-29T09:00:00Z",
        lastSeen: "2026-03-30T11:00:00Z",
        lastReceivedAt: "2026-03-30T11:00:00Z",
        volume: 6,
        rejected: 1,
        altered: 2,
        lag: { medianSeconds: 10, p95Seconds: 3600, measured: 3, sampled: false },
      },
      {
        event: "$identify",
        firstSeen: "2026-03-29T10:00:00Z",
        lastSeen: "2026-03-30T10:00:00Z",
        lastReceivedAt: "2026-03-30T11:00:01Z",
        volume: 2,
        rejected: 0,
        altered: 1,
        lag: { medianSeconds: 1201, p95Seconds: 1201, measured: 1, sampled: false },
      },
      {
        event: "signup",
        firstSeen: "2026-03-29T10:00:00Z",
        lastSeen: "2026-03-30T11:00:00Z",
        lastReceivedAt: "2026-03-30T11:00:00Z",
        volume: 2,
        rejected: 0,
        altered: 2,
        lag: { medianSeconds: 0, p95Seconds: 0, measured: 1, sampled: false },
      },
    ]);
    expect(result.freshness).toEqual({ lastReceivedAt: "2026-03-30T11:00:01Z", lagSeconds: 3599, status: "fresh" });
    expect(result.gaps).toEqual([]);
  });

  it("weighs a sampled hour by its volume when a name has more events than are read", async () => {
    const { readLags } = await import("@/lib/analytics/data-quality/get-data-quality");
    // One event read per hour. view's 03-30 10:00 holds two (b3 at 10:00, 3,600 s; u5 at 10:59:50):
    // b3 is read and weighs 2; 11:00 holds b5 alone (0 s, weight 1). Weighted [0 ×1, 3600 ×2] of 3:
    // the median (1.5th) and p95 are 3,600 — unweighted, the median of the two read would be 0.
    const lags = await readLags(database.db, project.id, now.toISOString(), 1);
    expect(lags).toContainEqual({ event: "view", medianSeconds: 3600, p95Seconds: 3600, measured: 2, sampled: true });
  });

  it("reads the same lags in the form Citus runs (strata first, then one read of their events)", async () => {
    const query = await import("@/lib/analytics/data-quality/query");
    const { rows } = await import("@/db/connect");
    const end = now.toISOString();
    const strata = await rows<import("@/lib/analytics/data-quality/query").LagStratum>(
      database.db,
      query.lagStrataQuery(project.id, end),
    );
    for (const perHour of [1, 2, query.LAG_ROWS_PER_HOUR]) {
      const citusForm = await rows<{ event: string }>(
        database.db,
        query.buildLagQueryOnCitus(project.id, end, strata, perHour),
      );
      expect(citusForm.length).toBeGreaterThan(0);
      if (!(await onCitus())) {
        const singleNode = await rows<{ event: string }>(database.db, query.buildLagQuery(project.id, end, perHour));
        const byEvent = (a: { event: string }, b: { event: string }) => a.event.localeCompare(b.event);
        expect(citusForm.sort(byEvent)).toEqual(singleNode.sort(byEvent));
      }
    }
  });

  it("counts a project without events as empty", async () => {
    const result = await getDataQuality(database.db, empty, range, now);
    expect(result.freshness).toEqual({ lastReceivedAt: null, lagSeconds: null, status: "empty" });
    expect(result.totals).toEqual({ accepted: 0, rejected: 0, altered: 0 });
    expect(result.daily.map((d) => d.accepted)).toEqual([0, 0]);
    expect(result.events).toEqual([]);
  });

  it("finds an hour under 10 % of its usual volume, up to now only", async () => {
    const result = await getDataQuality(database.db, gappy, range, now);
    expect(result.gaps).toEqual([
      { from: "2026-03-30T09:00:00.000Z", to: "2026-03-30T10:00:00.000Z", hours: 1, observed: 2, expected: 30 },
    ]);
    expect(result.freshness.status).toBe("delayed"); // received 10:00, two hours before now
  });

  it("is a kind of the query API, with its range checked", async () => {
    const parsed = queryParamsSchema.parse({
      kind: "data_quality",
      from: "2026-03-29T00:00:00Z",
      to: "2026-03-30T06:00:00Z",
    });
    const result = (await runQuery(database.db, project, parsed, FULL_PII_ACCESS)) as Awaited<
      ReturnType<typeof getDataQuality>
    >;
    expect(result.days).toEqual({ from: "2026-03-29T00:00:00.000Z", to: "2026-03-31T00:00:00.000Z" });
    expect(result.totals.accepted).toBe(10);
    expect(queryParamsSchema.safeParse({ ...range, to: range.from }).success).toBe(false);
    expect(queryParamsSchema.safeParse({ ...range, from: "2025-01-01T00:00:00Z" }).success).toBe(false);
  });

  it("sums what every process recorded of ingestion's answers in the hour before now", async () => {
    // Two processes' recorders, as lib/startup.ts flushes them: 11:20 and the current minute
    // (12:00, the window's last), and 10:59, outside the hour.
    const first = new IngestHealth();
    const second = new IngestHealth();
    first.stored(empty.id, 500, 40, 0, Date.parse("2026-03-30T11:20:10Z"));
    first.stored(empty.id, 250, 180, 500, Date.parse("2026-03-30T11:20:50Z"));
    first.refused(empty.id, "rate_limited", Date.parse("2026-03-30T11:20:55Z"));
    second.stored(empty.id, 250, 90, 250, Date.parse("2026-03-30T11:20:30Z"));
    second.refused(empty.id, "too_many_events", Date.parse("2026-03-30T11:59:59Z"));
    first.stored(empty.id, 999, 10, 0, Date.parse("2026-03-30T10:59:00Z"));
    expect(await first.flush(database.db)).toBe(2);
    expect(await second.flush(database.db)).toBe(2);
    expect(await first.flush(database.db)).toBe(0); // nothing new

    const { ingestion } = await getDataQuality(database.db, empty, range, now);
    expect(ingestion.window).toEqual({ from: "2026-03-30T11:01:00.000Z", to: "2026-03-30T12:00:00.000Z" });
    expect(ingestion.minutes.find((m) => m.t === "2026-03-30T11:20:00.000Z")).toMatchObject({
      requests: 3,
      events: 1_000,
      refused: 1,
      queueMax: 500,
    });
    expect(ingestion).toMatchObject({ requests: 3, events: 1_000, refused: 2, queueMax: 500, status: "healthy" });
    expect(ingestion.refusedByCode).toEqual([
      { code: "rate_limited", count: 1 },
      { code: "too_many_events", count: 1 },
    ]);
    // 40 ms in (25, 50], 90 in (75, 100], 180 in (150, 200]: the median (rank 1.5) is half into (75, 100].
    expect(ingestion.latencyMs.p50).toBe(87.5);
    // The other projects' health is their own.
    expect((await getDataQuality(database.db, project, range, now)).ingestion.status).toBe("idle");
  });
});
