import { describe, expect, it } from "vitest";
import type { Deploy } from "@/lib/deploys/deploys";
import type { TimelineEvent } from "@/lib/persons/timeline";
import { isHighlighted, timelineRows } from "./timeline-rows";

const event = (id: number, timestamp: string, sessionStart: boolean, name = "view"): TimelineEvent => ({
  id: String(id),
  event: name,
  timestamp,
  personId: "1",
  distinctId: "u",
  sessionId: null,
  os: null,
  browser: null,
  deviceType: null,
  appVersion: null,
  country: null,
  path: null,
  properties: {},
  sessionStart,
});
const deploy = (id: number, timestamp: string): Deploy => ({
  id,
  timestamp,
  service: "web",
  version: `1.${id}`,
  environment: "production",
  commit: null,
  description: null,
  url: null,
});

// Newest first: a session of two events (10:20, 10:00), then one of one (08:00).
const events = [
  event(3, "2026-05-03T10:20:00.000Z", false, "buy"),
  event(2, "2026-05-03T10:00:00.000Z", true),
  event(1, "2026-05-03T08:00:00.000Z", true),
];

describe("timelineRows", () => {
  it("heads each session and puts each deploy where it happened: inside a session or between two", () => {
    const rows = timelineRows(events, [deploy(7, "2026-05-03T10:10:00.000Z"), deploy(8, "2026-05-03T09:00:00.000Z")], {
      sessions: true,
    });
    expect(rows.map((r) => r.key)).toEqual([
      "session-2",
      "event-3",
      "deploy-7",
      "event-2",
      "deploy-8",
      "session-1",
      "event-1",
    ]);
    expect(rows[0]).toMatchObject({ start: "2026-05-03T10:00:00.000Z", end: "2026-05-03T10:20:00.000Z", events: 2 });
  });

  it("lists events without sessions for an account, and highlights what a link names", () => {
    const rows = timelineRows(events, [], { sessions: false, highlight: { events: ["buy"] } });
    expect(rows.map((r) => r.key)).toEqual(["event-3", "event-2", "event-1"]);
    const days = timelineRows(events, [], {
      sessions: false,
      dayOf: (t) => (t < "2026-05-03T09:00" ? "early" : "late"),
    });
    expect(days.map((r) => r.key)).toEqual(["day-late", "event-3", "event-2", "day-early", "event-1"]);
    expect(rows.map((r) => r.kind === "event" && r.highlighted)).toEqual([true, false, false]);
    const span = { from: "2026-05-03T09:00:00.000Z", to: "2026-05-03T10:00:00.000Z" };
    expect(events.map((e) => isHighlighted(e, span))).toEqual([false, true, false]);
    expect(events.map((e) => isHighlighted(e, null))).toEqual([false, false, false]);
  });
});
