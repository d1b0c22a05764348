import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { getRetention } from "@/lib/analytics/retention/get-retention";
import { getRetentionPersons } from "@/lib/analytics/retention/get-retention-persons";
import { retentionParamsSchema, retentionPersonsParamsSchema } from "@/lib/analytics/retention/params";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createProject, type Project } from "@/lib/projects/projects";
import { createTestDatabase, driverName } from "../support/database";
import { ingest, ingestOneByOne } from "../support/ingest";

// person_stats' first-event columns (db/schema/persons.ts): the promoted columns of a person's
// first event, least per column among events at that instant, kept through batches, late events
// and identity merges; what a first-time retention cohort of any event breaks down by.
//
// By hand (UTC), os and country of each person's events:
//   k:    03-02 10:00 iOS/JP (batch 1) · 03-02 10:00 Android/– (batch 1, same instant)
//         → first 03-02 10:00, os least(Android, iOS) = Android, country JP (the null ignored);
//         then a late event 03-01 09:00 Windows/FR (batch 2) → first 03-01, Windows, FR.
//   anon: 02-20 08:00 Mac OS/DE, then identifies as m (m's own first: 03-03 Linux/US) → m's first
//         is anon's (02-20, Mac OS, DE).
//   q:    03-04 12:00 Linux/– and, in another batch, 03-04 12:00 Android/US → Android, US.
//   r:    03-05 without any context → every first column null.
//   t:    03-07 09:00 iOS/JP, Android/–, Linux/AR, all in one batch → Android, AR (two rounds of
//         other values at the first instant, the database's least() of each).
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;

const at = (os: string | null, country: string | null) => ({
  context: { ...(os ? { os: { name: os } } : {}), ...(country ? { location: { country } } : {}) },
});

beforeAll(async () => {
  database = await createTestDatabase();
  project = await createProject(database.db, { slug: "firsts" });
  await ingest(database.db, project.id, [
    { type: "track", event: "a", userId: "k", timestamp: "2026-03-02T10:00:00Z", ...at("iOS", "JP") },
    { type: "track", event: "b", userId: "k", timestamp: "2026-03-02T10:00:00Z", ...at("Android", null) },
    { type: "track", event: "a", userId: "m", timestamp: "2026-03-03T10:00:00Z", ...at("Linux", "US") },
    { type: "track", event: "a", anonymousId: "anon", timestamp: "2026-02-20T08:00:00Z", ...at("Mac OS", "DE") },
    { type: "track", event: "a", userId: "q", timestamp: "2026-03-04T12:00:00Z", ...at("Linux", null) },
  ]);
  await ingest(database.db, project.id, [
    { type: "track", event: "a", userId: "k", timestamp: "2026-03-01T09:00:00Z", ...at("Windows", "FR") },
    { type: "track", event: "a", userId: "q", timestamp: "2026-03-04T12:00:00Z", ...at("Android", "US") },
    { type: "track", event: "a", userId: "r", timestamp: "2026-03-05T00:00:00Z" },
    { type: "track", event: "a", userId: "t", timestamp: "2026-03-07T09:00:00Z", ...at("iOS", "JP") },
    { type: "track", event: "b", userId: "t", timestamp: "2026-03-07T09:00:00Z", ...at("Android", null) },
    { type: "track", event: "c", userId: "t", timestamp: "2026-03-07T09:00:00Z", ...at("Linux", "AR") },
  ]);
  await ingestOneByOne(database.db, project, [
    { type: "identify", userId: "m", anonymousId: "anon", timestamp: "2026-03-06T00:00:00Z" },
  ]);
});
afterAll(() => database.drop());

const firsts = async () =>
  rows<{ id: string; first_seen: string; os: string | null; country: string | null }>(
    database.db,
    sql`with ids as materialized (select distinct_id, person_id from person_distinct_ids
                                  where project_id = ${project.id} and is_user_id),
          stats as materialized (select person_id, to_char(first_seen at time zone 'UTC', 'MM-DD HH24:MI') as first_seen,
                                        first_os as os, first_country as country
                                 from person_stats where project_id = ${project.id})
        select ids.distinct_id as id, stats.first_seen, stats.os, stats.country
        from ids join stats on stats.person_id = ids.person_id order by 1`,
  );

const retentionBody = {
  kind: "retention",
  startEvent: "$any",
  returnEvent: "$any",
  period: "week",
  periods: 2,
  from: "2026-02-16T00:00:00Z",
  to: "2026-03-09T00:00:00Z",
  breakdown: { property: "os" },
};

describe(`person_stats' first event (${driverName})`, () => {
  it("keeps the first event's columns: least at one instant, replaced by a late earlier event, merged", async () => {
    expect(await firsts()).toEqual([
      { id: "k", first_seen: "03-01 09:00", os: "Windows", country: "FR" },
      { id: "m", first_seen: "02-20 08:00", os: "Mac OS", country: "DE" },
      { id: "q", first_seen: "03-04 12:00", os: "Android", country: "US" },
      { id: "r", first_seen: "03-05 00:00", os: null, country: null },
      { id: "t", first_seen: "03-07 09:00", os: "Android", country: "AR" },
    ]);
  });

  it("counts each event once, whatever other values its first instant holds", async () => {
    const counts = await rows<{ n: number }>(
      database.db,
      sql`select event_count::int as n from person_stats where project_id = ${project.id} order by person_id`,
    );
    // r 1, q 2, k 3, t 3, m 3 (its own, anon's and the identify).
    expect(counts.map((c) => c.n).sort()).toEqual([1, 2, 3, 3, 3]);
  });

  it("agrees with min() over the events at first_seen, for every person and column", async () => {
    const columns = ["os", "browser", "device_type", "app_version", "country", "locale", "path"];
    const [row] = await rows<{ differ: number }>(
      database.db,
      sql.raw(`with f as materialized (
          select e.person_id, ${columns.map((c) => `min(e.${c}) as ${c}`).join(", ")}
          from events e join person_stats s on s.project_id = e.project_id and s.person_id = e.person_id
            and e.timestamp = s.first_seen
          where e.project_id = ${project.id} group by 1)
        select count(*)::int as differ from person_stats s join f on f.person_id = s.person_id
        where s.project_id = ${project.id} and (${columns.map((c) => `s.first_${c} is distinct from f.${c}`).join(" or ")})`),
    );
    expect(row?.differ).toBe(0);
  });

  it("is what a first-time cohort of any event breaks down by, and its drilldown alike", async () => {
    const result = await getRetention(database.db, project, retentionParamsSchema.parse(retentionBody));
    // Weeks from Monday: 02-16 (m), 02-23 (k: 03-01 is a Sunday), 03-02 (q, r).
    expect(
      result.breakdown?.values.map((v) => [
        v.value,
        v.size,
        v.cohorts.filter((c) => c.size > 0).map((c) => [c.start.slice(0, 10), c.size]),
      ]),
    ).toEqual([
      ["Android", 2, [["2026-03-02", 2]]],
      ["Mac OS", 1, [["2026-02-16", 1]]],
      ["Windows", 1, [["2026-02-23", 1]]],
      [null, 1, [["2026-03-02", 1]]],
    ]);
    const page = await getRetentionPersons(
      database.db,
      project,
      retentionPersonsParamsSchema.parse({
        ...retentionBody,
        kind: "retention_persons",
        cohort: "2026-03-02T00:00:00Z",
        periodIndex: 0,
        status: "retained",
        breakdownValue: "Android",
      }),
      FULL_PII_ACCESS,
    );
    expect(page.persons.map((p) => p.distinctIds)).toEqual([["q"], ["t"]]);
  });
});
