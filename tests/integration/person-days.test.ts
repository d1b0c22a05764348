import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { createProject, type Project } from "@/lib/projects/projects";
import { createTestDatabase, driverName } from "../support/database";
import { ingestOneByOne } from "../support/ingest";

// person_days (db/schema/persons.ts): the days a person was active, in the project's zone, kept
// at ingestion through identity merges and late events; what retention's "any event" reads.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;

beforeAll(async () => {
  database = await createTestDatabase();
  project = await createProject(database.db, { slug: "tokyo", timeZone: "Asia/Tokyo" });
});
afterAll(() => database.drop());

const daysOf = async () =>
  (
    await rows<{ id: string; days: string[] }>(
      database.db,
      // Each table read apart (on Citus the ids are placed by distinct id, the days by person).
      sql`with ids as materialized (select distinct_id, person_id from person_distinct_ids where project_id = ${project.id}),
            days as materialized (select person_id, array_agg(day::text order by day) as days from person_days
                                  where project_id = ${project.id} group by person_id)
          select ids.distinct_id as id, days.days from ids join days on days.person_id = ids.person_id order by 1`,
    )
  ).map((r) => [r.id, r.days]);

describe(`person_days (${driverName})`, () => {
  it("keeps each person's active days in the project's zone, merged with the person, late events included", async () => {
    await ingestOneByOne(database.db, project, [
      // 23:00 and 01:00 in Tokyo: two days, though one in UTC.
      { type: "track", event: "a", userId: "k", timestamp: "2026-03-01T14:00:00Z" },
      { type: "track", event: "a", userId: "k", timestamp: "2026-03-01T16:00:00Z" },
      { type: "track", event: "b", userId: "k", timestamp: "2026-03-01T16:30:00Z" },
      { type: "track", event: "a", anonymousId: "anon-k", timestamp: "2026-03-05T01:00:00Z" },
    ]);
    expect(await daysOf()).toEqual([
      ["anon-k", ["2026-03-05"]],
      ["k", ["2026-03-01", "2026-03-02"]],
    ]);
    // The anonymous visitor identifies as k: one person, the union of the days.
    await ingestOneByOne(database.db, project, [
      { type: "identify", userId: "k", anonymousId: "anon-k", timestamp: "2026-03-05T02:00:00Z" },
    ]);
    expect(await daysOf()).toEqual([
      ["anon-k", ["2026-03-01", "2026-03-02", "2026-03-05"]],
      ["k", ["2026-03-01", "2026-03-02", "2026-03-05"]],
    ]);
    // A late event (a month earlier) adds its day.
    await ingestOneByOne(database.db, project, [
      { type: "track", event: "a", userId: "k", timestamp: "2026-02-01T00:00:00Z" },
    ]);
    const [row] = await rows<{ n: number; persons: number }>(
      database.db,
      sql`select count(*)::int as n, count(distinct person_id)::int as persons from person_days where project_id = ${project.id}`,
    );
    expect(row).toEqual({ n: 4, persons: 1 });
  });
});
