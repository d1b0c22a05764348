import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { importRecords } from "@/lib/ingest/import/import-file";
import { readNdjson } from "@/lib/ingest/import/sources";
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
});
