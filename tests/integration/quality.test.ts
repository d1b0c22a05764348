import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { eventNameCap } from "@/lib/ingest/event-names";
import { importRecords } from "@/lib/ingest/import/import-file";
import { readNdjson } from "@/lib/ingest/import/sources";
import { prepareMessages } from "@/lib/ingest/prepare";
import { IssueCounter } from "@/lib/ingest/quality";
import { writeEvents } from "@/lib/ingest/write-events";
import { createProject, type Project } from "@/lib/projects/projects";
import { updateProjectSettings } from "@/lib/projects/projects-settings";
import { createTestDatabase, driverName } from "../support/database";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;

beforeAll(async () => {
  database = await createTestDatabase();
  project = await createProject(database.db, { slug: "quality" });
  project = { ...project, settings: { pii: { drop: ["password"] } } };
  await updateProjectSettings(database.db, project.id, project.settings);
});
afterAll(() => database.drop());

const lines = (...messages: unknown[]) =>
  readNdjson(Readable.from([messages.map((m) => JSON.stringify(m)).join("\n")]));

describe(`data quality counts (${driverName})`, () => {
  it("counts every rejected, altered, flagged and duplicate event by event and reason", async () => {
    const at = "2026-03-01T10:00:00Z";
    const first = await importRecords(
      database.db,
      project,
      lines(
        { type: "track", event: "signup", userId: "a", messageId: "q1", timestamp: at, properties: { password: "x" } },
        { type: "track", event: "signup", userId: "b", messageId: "q2", timestamp: at, properties: { note: "a@b.co" } },
        { type: "track", event: "signup", userId: "c", messageId: "q3", timestamp: "1970-01-01T00:00:00Z" },
        { type: "track", event: "signup", userId: "d", messageId: "q4", timestamp: "later" },
        { type: "track", event: "signup", userId: "e", messageId: "q5", timestamp: "2099-01-01T00:00:00Z" },
        { type: "track", event: "signup", userId: "f\u0000", messageId: "q6", timestamp: at },
        { type: "track", userId: "g", messageId: "q7", timestamp: at },
        { type: "track", event: "signup", userId: "x".repeat(201), messageId: "q8", timestamp: at },
      ),
    );
    expect(first).toMatchObject({ accepted: 6, rejected: 2 });
    // A second import of the first line: a duplicate, counted without an event name.
    await importRecords(
      database.db,
      project,
      lines({ type: "track", event: "signup", userId: "a", messageId: "q1", timestamp: at }),
    );
    const counts = await rows<{ event: string; reason: string; count: number }>(
      database.db,
      sql`select event, reason, count::int from ingest_issues where project_id = ${project.id} order by event, reason`,
    );
    expect(counts).toEqual([
      { event: "", reason: "duplicate", count: 1 },
      { event: "", reason: "missing_event", count: 1 },
      { event: "signup", reason: "future_timestamp", count: 1 },
      { event: "signup", reason: "id_too_long", count: 1 },
      { event: "signup", reason: "pii_dropped", count: 1 },
      { event: "signup", reason: "pii_redacted", count: 1 },
      { event: "signup", reason: "sanitized_text", count: 1 },
      { event: "signup", reason: "too_old_timestamp", count: 1 },
      { event: "signup", reason: "unparseable_timestamp", count: 1 },
    ]);
  });

  it("caps distinct event names per project: new names past the cap are refused, known ones still pass", async () => {
    const capped = await createProject(database.db, { slug: "capped" });
    const privacy = { settings: {}, hashKey: "k" };
    const batch = (names: string[]) =>
      names.map((event, i) => ({
        type: "track",
        event,
        userId: "u",
        messageId: `${event}-${i}`,
        timestamp: "2026-03-02T10:00:00Z",
      }));
    const prepare = async (names: string[]) => {
      const issues = new IssueCounter();
      const prepared = await prepareMessages(batch(names), {
        receivedAtMs: Date.parse("2026-03-02T10:00:05Z"),
        privacy,
        issues,
        oldestMs: null,
        admitNames: eventNameCap(database.db, capped.id, 3),
      });
      await writeEvents(database.db, capped.id, prepared.events);
      return prepared;
    };
    const first = await prepare(["a", "b", "c", "d", "e"]);
    expect(first.events.map((e) => e.event)).toEqual(["a", "b", "c"]);
    expect(first.rejected.map((r) => [r.index, r.code])).toEqual([
      [3, "too_many_event_names"],
      [4, "too_many_event_names"],
    ]);
    const second = await prepare(["c", "f", "a"]);
    expect(second.events.map((e) => e.event)).toEqual(["c", "a"]);
    expect(second.rejected.map((r) => r.index)).toEqual([1]);
  });

  it("refuses events older than the backfill limit, with a code", async () => {
    const issues = new IssueCounter();
    const receivedAtMs = Date.parse("2026-03-02T10:00:00Z");
    const { events, rejected } = await prepareMessages(
      [
        { type: "track", event: "old", userId: "u", messageId: "o1", timestamp: "2024-03-01T00:00:00Z" },
        { type: "track", event: "recent", userId: "u", messageId: "o2", timestamp: "2024-03-03T00:00:00Z" },
      ],
      {
        receivedAtMs,
        privacy: { settings: {}, hashKey: "k" },
        issues,
        oldestMs: receivedAtMs - 730 * 86_400_000,
        admitNames: async (names) => new Set(names),
      },
    );
    expect(events.map((e) => e.event)).toEqual(["recent"]);
    expect(rejected).toEqual([
      {
        index: 0,
        messageId: "o1",
        code: "beyond_backfill_limit",
        message: "timestamp is before 2024-03-02T10:00:00.000Z",
      },
    ]);
  });
});
