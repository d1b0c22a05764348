import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { mergePersonsByAdmin } from "@/lib/persons/merge-persons";
import { resolvePersonId } from "@/lib/persons/resolve-person";
import { createProject } from "@/lib/projects/projects";
import { createTestDatabase, driverName } from "../support/database";
import { ingest, track } from "../support/ingest";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let projectId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  projectId = (await createProject(database.db, { slug: "merge" })).id;
});
afterAll(() => database.drop());

describe(`an admin's merge of two identified persons (${driverName})`, () => {
  it("moves events, ids and properties, and logs who merged whom, when, what moved", async () => {
    await ingest(database.db, projectId, [
      { type: "identify", userId: "alice", anonymousId: "a-phone", traits: { plan: "pro", city: "Oslo" } },
      track({ userId: "alice" }, "view", "2026-03-01T10:00:00Z"),
      track({ userId: "alice-work" }, "view", "2026-03-01T11:00:00Z"),
      { type: "identify", userId: "alice-work", traits: { plan: "team" } },
    ]);
    const from = (await resolvePersonId(database.db, projectId, "alice")) as number;
    const into = (await resolvePersonId(database.db, projectId, "alice-work")) as number;
    const record = await mergePersonsByAdmin(database.db, projectId, { from: "alice", into: "alice-work", by: "cli" });
    expect(record).toMatchObject({
      from: { personId: from, distinctIds: ["a-phone", "alice"] },
      into: { personId: into },
      eventsMoved: 2,
      mergedBy: "cli",
    });
    for (const id of ["alice", "a-phone", "alice-work", String(from)]) {
      expect(await resolvePersonId(database.db, projectId, id)).toBe(into);
    }
    const [person] = await rows<{ properties: Record<string, unknown>; events: number }>(
      database.db,
      sql`select p.properties, (select count(*)::int from events e where e.project_id = p.project_id and e.person_id = p.id) as events
          from persons p where p.id = ${into}`,
    );
    expect(person).toEqual({ properties: { plan: "team", city: "Oslo" }, events: 4 });
    const log = await rows(
      database.db,
      sql`select from_person_id::int as "from", to_person_id::int as "into", merged_by, distinct_ids, events_moved
          from person_merge_log where project_id = ${projectId}`,
    );
    expect(log).toEqual([{ from, into, merged_by: "cli", distinct_ids: ["a-phone", "alice"], events_moved: 2 }]);
  });

  it("says so for one person twice, or an unknown id", async () => {
    await expect(
      mergePersonsByAdmin(database.db, projectId, { from: "alice", into: "a-phone", by: "cli" }),
    ).rejects.toMatchObject({
      status: 409,
      code: "same_person",
    });
    await expect(
      mergePersonsByAdmin(database.db, projectId, { from: "nobody", into: "alice", by: "cli" }),
    ).rejects.toMatchObject({
      status: 404,
      code: "person_not_found",
    });
  });
});
