import { type SQL, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { getTrend } from "@/lib/analytics/trend/get-trend";
import type { TrendParams } from "@/lib/analytics/trend/params";
import { importRecords } from "@/lib/ingest/import/import-file";
import { listPartitions } from "@/lib/ingest/partitions";
import { compactRollups } from "@/lib/ingest/rollups";
import { deletePerson } from "@/lib/lifecycle/delete-person";
import { enforceRetention, type ProjectRetention } from "@/lib/lifecycle/retention";
import { mergePersonsByAdmin } from "@/lib/persons/merge-persons";
import { resolvePersonId } from "@/lib/persons/resolve-person";
import { createProject, type Project } from "@/lib/projects/projects";
import { updateProjectSettings } from "@/lib/projects/projects-settings";
import {
  keepMessages,
  kolkataMessages,
  otherMessages,
  retentionNow,
  shopMessages,
  utc30Messages,
} from "../fixtures/lifecycle";
import { createTestDatabase, describeOnPostgres, driverName } from "../support/database";
import { ingest, ingestOneByOne, track } from "../support/ingest";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const q = <T = Record<string, unknown>>(query: SQL) => rows<T>(database.db, query);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** Tables a deletion may touch, and the column naming the person in each (null: never touched). */
const TABLES: Record<string, string | null> = {
  persons: "id",
  person_distinct_ids: "person_id",
  person_days: "person_id",
  person_stats: "person_id",
  account_members: "person_id",
  events: "person_id",
  person_merges: "to_person_id",
  person_merge_log: "to_person_id",
  accounts: null,
  event_definitions: null,
  suppressed_ids: null,
  ingest_message_ids: null,
  ingest_issues: null,
  projects: null,
};

/** Every row of those tables (event_counts_hourly apart: see rollups()), leaving out a person's. */
async function dump(without?: number): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const [table, column] of Object.entries(TABLES)) {
    const skip = without !== undefined && column ? sql`where ${sql.identifier(column)} <> ${without}` : sql``;
    const found = await q<{ r: string }>(sql`select to_jsonb(t)::text as r from ${sql.identifier(table)} t ${skip}`);
    result[table] = found.map((row) => row.r).sort();
  }
  return result;
}

/** event_counts_hourly summed per key, and the same counted from events: "project event hour" → n. */
async function rollups() {
  const key = (r: { p: number; e: number; h: string; n: number }): [string, number] => [`${r.p} ${r.e} ${r.h}`, r.n];
  const summed = await q<{ p: number; e: number; h: string; n: number }>(
    sql`select project_id as p, event_id as e, to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24') as h,
          sum(count)::int as n from event_counts_hourly group by 1, 2, 3`,
  );
  const counted = await q<{ p: number; e: number; h: string; n: number }>(
    sql`select project_id as p, event_id as e, to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24') as h,
          count(*)::int as n from events group by 1, 2, 3`,
  );
  return { summed: new Map(summed.map(key)), counted: new Map(counted.map(key)) };
}

/** person_days as stored, and as the events say (each person's days in the project's zone). */
async function personDays() {
  const stored = await q<{ d: string }>(sql`select project_id || ' ' || person_id || ' ' || day as d from person_days`);
  const derived = await q<{ d: string }>(
    sql`select distinct e.project_id || ' ' || e.person_id || ' ' || (e.timestamp at time zone p.time_zone)::date as d
        from events e join projects p on p.id = e.project_id`,
  );
  return { stored: stored.map((r) => r.d).sort(), derived: derived.map((r) => r.d).sort() };
}

/** Charts agree with their drilldowns: the hourly counts and person_days are exactly what events say. */
async function expectDerivedExact() {
  const { summed, counted } = await rollups();
  expect(Object.fromEntries(summed)).toEqual(Object.fromEntries(counted));
  const days = await personDays();
  expect(days.stored).toEqual(days.derived);
}

/** Between two bounded calls: never more counted than listed (derived rows go before events). */
async function expectDerivedAtMost() {
  const { summed, counted } = await rollups();
  for (const [key, n] of summed) expect(n, key).toBeLessThanOrEqual(counted.get(key) ?? 0);
  const days = await personDays();
  expect(days.stored.filter((d) => !days.derived.includes(d))).toEqual([]);
}

describe(`deleting a person (${driverName})`, () => {
  let shop: Project;
  let other: Project;
  let ada: number;
  let anonymousAda: number;

  beforeAll(async () => {
    shop = await createProject(database.db, { slug: "shop" });
    other = await createProject(database.db, { slug: "other" });
    await ingestOneByOne(database.db, shop, shopMessages.slice(0, 1));
    anonymousAda = (await resolvePersonId(database.db, shop.id, "anon-ada")) as number;
    await ingestOneByOne(database.db, shop, shopMessages.slice(1));
    await mergePersonsByAdmin(database.db, shop.id, { from: "ada-work", into: "ada", by: "cli" });
    await ingestOneByOne(database.db, other, otherMessages);
    ada = (await resolvePersonId(database.db, shop.id, "ada")) as number;
  });

  it("starts from the fixture's rows", async () => {
    expect(await resolvePersonId(database.db, shop.id, String(anonymousAda))).toBe(ada); // merged into ada
    const [counts] = await q(
      sql`select (select count(*)::int from events where project_id = ${shop.id}) as shop_events,
                 (select count(*)::int from events where person_id = ${ada}) as ada_events,
                 (select count(*)::int from person_merges where to_person_id = ${ada}) as merges`,
    );
    expect(counts).toEqual({ shop_events: 9, ada_events: 6, merges: 2 });
    await expectDerivedExact();
  });

  it("removes exactly the person's rows in every table, and their events from the hourly counts", async () => {
    const before = await rollups();
    const othersBefore = await dump(ada);
    const deleted = await deletePerson(database.db, shop, "ada");
    expect(deleted).toEqual({
      personId: ada,
      distinctIds: ["ada", "ada-work", "anon-ada"],
      removed: {
        persons: 1,
        events: 6,
        distinctIds: 3,
        accountMemberships: 1,
        personDays: 2,
        personStats: 1,
        personMerges: 2,
        mergeLog: 1,
      },
      rollupHoursAdjusted: 5,
      suppressed: 0,
    });
    // Everyone else's rows (the other project's "ada" included) are as they were; none of hers is left.
    expect(await dump()).toEqual(othersBefore);
    expect(await dump(ada)).toEqual(othersBefore);

    const after = await rollups();
    const [view, buy, identify, group] = await Promise.all(
      ["view", "buy", "$identify", "$group"].map(async (name) => {
        const [row] = await q<{ id: number }>(
          sql`select id from event_definitions where project_id = ${shop.id} and name = ${name}`,
        );
        return row?.id;
      }),
    );
    const k = (event: number | undefined, hour: string) => `${shop.id} ${event} ${hour}`;
    const expected = new Map(before.summed);
    expected.set(k(view, "2026-05-02T09"), 1); // 3 − ada's 2 (bob's 09:30 view stays)
    for (const key of [k(identify, "2026-05-02T10"), k(group, "2026-05-02T10"), k(buy, "2026-05-03T08")]) {
      expected.delete(key); // hers alone: no row of count 0 is left
    }
    expected.delete(k(view, "2026-05-03T09"));
    expect(Object.fromEntries(after.summed)).toEqual(Object.fromEntries(expected));
    await expectDerivedExact();
    // Compaction folds what is left to the same sums.
    await compactRollups(database.db);
    expect(Object.fromEntries((await rollups()).summed)).toEqual(Object.fromEntries(expected));
  });

  it("answers null for an id that names nobody (now: every id of hers, her merged person ids)", async () => {
    for (const id of ["ada", "anon-ada", "ada-work", String(ada), String(anonymousAda), "nobody"]) {
      expect(await deletePerson(database.db, shop, id), id).toBeNull();
    }
    expect(await resolvePersonId(database.db, other.id, "ada")).not.toBeNull();
  });

  it("deletes by person id as well, and leaves the account", async () => {
    const bob = (await resolvePersonId(database.db, shop.id, "bob")) as number;
    const deleted = await deletePerson(database.db, shop, String(bob));
    expect(deleted).toMatchObject({
      personId: bob,
      distinctIds: ["bob"],
      removed: { events: 3, accountMemberships: 1 },
    });
    const [left] = await q(
      sql`select (select count(*)::int from events where project_id = ${shop.id}) as events,
                 (select count(*)::int from accounts where project_id = ${shop.id}) as accounts,
                 (select count(*)::int from event_counts_hourly where project_id = ${shop.id}) as hourly`,
    );
    expect(left).toEqual({ events: 0, accounts: 1, hourly: 0 });
    await expectDerivedExact();
  });
});

describe(`suppressing a deleted person's ids (${driverName})`, () => {
  let quiet: Project;

  beforeAll(async () => {
    quiet = await createProject(database.db, { slug: "quiet" });
    await ingestOneByOne(database.db, quiet, [
      track({ anonymousId: "anon-carol" }, "view", "2026-09-01T10:00:00Z"),
      { type: "identify", userId: "carol", anonymousId: "anon-carol", timestamp: "2026-09-01T10:05:00Z" },
      track({ userId: "dave" }, "view", "2026-09-01T11:00:00Z"),
    ]);
  });

  it("stores every id of the person, found by any of them", async () => {
    const deleted = await deletePerson(database.db, quiet, "anon-carol", { suppress: true });
    expect(deleted).toMatchObject({ distinctIds: ["anon-carol", "carol"], suppressed: 2, removed: { events: 2 } });
    const stored = await q(sql`select distinct_id from suppressed_ids where project_id = ${quiet.id} order by 1`);
    expect(stored).toEqual([{ distinct_id: "anon-carol" }, { distinct_id: "carol" }]);
  });

  it("drops later events naming one of those ids (acknowledged, not stored); others' are stored", async () => {
    const later = [
      { ...track({ userId: "carol" }, "view", "2026-09-02T10:00:00Z"), messageId: "later-carol" },
      track({ anonymousId: "anon-carol" }, "view", "2026-09-02T10:01:00Z"),
      { type: "identify", userId: "new-carol", anonymousId: "anon-carol", timestamp: "2026-09-02T10:02:00Z" },
      track({ userId: "dave" }, "view", "2026-09-02T10:03:00Z"),
      track({ userId: "erin" }, "view", "2026-09-02T10:04:00Z"),
    ];
    expect(await ingest(database.db, quiet.id, later, "2026-09-02T10:05:00Z")).toEqual({
      accepted: 2,
      duplicates: 0,
      mergeRefused: [],
      suppressed: [0, 1, 2],
    });
    const ids = await q(sql`select distinct_id from person_distinct_ids where project_id = ${quiet.id} order by 1`);
    expect(ids).toEqual([{ distinct_id: "dave" }, { distinct_id: "erin" }]);
    const stored = await q(sql`select distinct_id from events where project_id = ${quiet.id} order by timestamp`);
    expect(stored).toEqual([{ distinct_id: "dave" }, { distinct_id: "dave" }, { distinct_id: "erin" }]);
    // Its message id stays claimed: a retry is a duplicate, never a late copy.
    expect(await ingest(database.db, quiet.id, later.slice(0, 1), "2026-09-02T10:06:00Z")).toEqual({
      accepted: 0,
      duplicates: 1,
      mergeRefused: [],
    });
    await expectDerivedExact();
  });

  it("counts them as a data quality issue, and only in the project that suppressed them", async () => {
    async function* lines() {
      yield { line: 1, message: { ...track({ userId: "carol" }, "view", "2026-09-03T10:00:00Z"), messageId: "i-1" } };
      yield { line: 2, message: { ...track({ userId: "dave" }, "view", "2026-09-03T10:01:00Z"), messageId: "i-2" } };
    }
    const summary = await importRecords(database.db, quiet, lines());
    expect(summary).toMatchObject({ accepted: 1, rejected: 1, reasons: { suppressed: 1 } });
    const issues = await q(sql`select event, reason, count::int from ingest_issues where project_id = ${quiet.id}`);
    expect(issues).toEqual([{ event: "view", reason: "suppressed", count: 1 }]);
    const elsewhere = await createProject(database.db, { slug: "elsewhere" });
    expect(
      await ingest(database.db, elsewhere.id, [track({ userId: "carol" }, "view", "2026-09-03T10:02:00Z")]),
    ).toEqual({ accepted: 1, duplicates: 0, mergeRefused: [] });
  });
});

describe(`retention (${driverName})`, () => {
  let utc30: Project;
  let kolkata: Project;
  let keep: Project;
  const receivedAt = "2026-07-15T11:00:00Z";
  const call = (maxDeleteRows?: number) => enforceRetention(database.db, { now: retentionNow, maxDeleteRows });
  const of = (report: { projects: ProjectRetention[] }, project: Project) =>
    report.projects.find((p) => p.projectId === project.id);
  const trend = (project: Project, p: Omit<TrendParams, "kind">) =>
    getTrend(database.db, project, { kind: "trend", ...p });
  const values = (result: Awaited<ReturnType<typeof getTrend>>) => result.series[0]?.points.map((p) => p.value);

  beforeAll(async () => {
    utc30 = await createProject(database.db, { slug: "utc30" });
    kolkata = await createProject(database.db, { slug: "kolkata45", timeZone: "Asia/Kolkata" });
    keep = await createProject(database.db, { slug: "keep" });
    await updateProjectSettings(database.db, utc30.id, { retentionDays: 30 });
    await updateProjectSettings(database.db, kolkata.id, { retentionDays: 45 });
    await ingest(database.db, utc30.id, utc30Messages, receivedAt);
    await ingest(database.db, kolkata.id, kolkataMessages, receivedAt);
    await ingest(database.db, keep.id, keepMessages, receivedAt);
    await q(sql`insert into ingest_issues (project_id, day, event, reason, count)
      values (${utc30.id}, '2026-06-14', 'view', 'sanitized_text', 2), (${utc30.id}, '2026-06-15', 'view', 'sanitized_text', 1)`);
  });

  it("starts from the fixture's months and counts", async () => {
    const names = (await listPartitions(database.db)).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["events_y2026m03", "events_y2026m04", "events_y2026m07"]));
    const monthly = await trend(utc30, {
      series: [{ event: "$any", measure: "count" }],
      interval: "month",
      from: "2026-03-01T00:00:00Z",
      to: "2026-08-01T00:00:00Z",
    });
    expect(values(monthly)).toEqual([1, 2, 1, 3, 1]);
    await expectDerivedExact();
  });

  it("deletes at most maxDeleteRows rows a call, derived rows first, never counting more than it lists", async () => {
    const keepBefore = await q(sql`select to_jsonb(e)::text as r from events e where project_id = ${keep.id}`);
    const first = await call(3);
    expect(first.partitionsDropped).toEqual([]);
    expect(of(first, utc30)).toMatchObject({
      cutoff: "2026-06-15T00:00:00Z",
      eventsDeleted: 0,
      derivedDeleted: { hourlyCounts: 3, personDays: 0, ingestIssues: 0 },
      done: false,
    });
    expect(of(first, kolkata)).toMatchObject({ cutoff: "2026-05-30T18:30:00Z", eventsDeleted: 0, done: false });
    expect(of(first, keep)).toBeUndefined();
    await expectDerivedAtMost();

    // 17 = the 12 derived rows left (utc30 2 + 5 + 1, kolkata 2 + 2) + 5 events: utc30's 4, one of kolkata's.
    const second = await call(17);
    expect(second.partitionsDropped).toEqual(["events_y2026m03"]);
    expect(of(second, utc30)).toEqual({
      projectId: utc30.id,
      slug: "utc30",
      retentionDays: 30,
      cutoff: "2026-06-15T00:00:00Z",
      partitionsDropped: ["events_y2026m03"],
      eventsDeleted: 4,
      derivedDeleted: { hourlyCounts: 2, personDays: 5, ingestIssues: 1 },
      done: true,
    });
    expect(of(second, kolkata)).toMatchObject({
      partitionsDropped: [],
      eventsDeleted: 1,
      derivedDeleted: { hourlyCounts: 2, personDays: 2, ingestIssues: 0 },
      done: false,
    });
    await expectDerivedAtMost();

    const third = await call();
    expect(of(third, kolkata)).toMatchObject({ eventsDeleted: 2, done: true });
    expect(of(third, utc30)).toMatchObject({ eventsDeleted: 0, partitionsDropped: [], done: true });
    const fourth = await call();
    expect(fourth.partitionsDropped).toEqual([]);
    for (const project of fourth.projects) {
      expect(project).toMatchObject({
        eventsDeleted: 0,
        derivedDeleted: { hourlyCounts: 0, personDays: 0, ingestIssues: 0 },
        done: true,
      });
    }
    expect(await q(sql`select to_jsonb(e)::text as r from events e where project_id = ${keep.id}`)).toEqual(keepBefore);
  });

  it("leaves exactly the events after each cutoff, with counts and person days that agree", async () => {
    const left = await q(
      sql`select p.slug, e.distinct_id, to_char(e.timestamp at time zone 'UTC', 'MM-DD"T"HH24:MI') as at
          from events e join projects p on p.id = e.project_id
          where p.slug in ('utc30', 'kolkata45', 'keep') order by p.slug, e.timestamp`,
    );
    expect(left).toEqual([
      { slug: "keep", distinct_id: "x1", at: "04-15T10:00" },
      { slug: "kolkata45", distinct_id: "k2", at: "05-30T18:40" },
      { slug: "kolkata45", distinct_id: "k2", at: "06-02T10:00" },
      { slug: "utc30", distinct_id: "u1", at: "06-15T00:00" },
      { slug: "utc30", distinct_id: "u2", at: "06-20T10:00" },
      { slug: "utc30", distinct_id: "u1", at: "07-10T10:00" },
    ]);
    await expectDerivedExact();
    const names = (await listPartitions(database.db)).map((p) => p.name);
    expect(names).not.toContain("events_y2026m03");
    expect(names).toEqual(expect.arrayContaining(["events_y2026m04", "events_y2026m05", "events_y2026m06"]));
    const [issues] = await q(
      sql`select count(*)::int as n, min(day)::text as day from ingest_issues where project_id = ${utc30.id}`,
    );
    expect(issues).toEqual({ n: 1, day: "2026-06-15" });
  });

  it("shows the remaining events in trends, from the hourly counts and from events alike", async () => {
    const range = { interval: "month" as const, from: "2026-03-01T00:00:00Z", to: "2026-08-01T00:00:00Z" };
    const count = await trend(utc30, { ...range, series: [{ event: "$any", measure: "count" }] });
    expect(values(count)).toEqual([0, 0, 0, 2, 1]);
    const persons = await trend(utc30, { ...range, series: [{ event: "$any", measure: "persons" }] });
    expect(values(persons)).toEqual([0, 0, 0, 2, 1]); // June: u1 (buy at the cutoff), u2; July: u1
    // Kolkata's days begin at 18:30 UTC: May 30 lost k1's view, May 31 keeps k2's (same UTC hour).
    const days = await trend(kolkata, {
      series: [{ event: "view", measure: "count" }],
      interval: "day",
      from: "2026-05-29T18:30:00Z",
      to: "2026-06-03T18:30:00Z",
    });
    expect(values(days)).toEqual([0, 1, 0, 1, 0]);
    const [hour] = await q(
      sql`select sum(count)::int as n, count(*)::int as rows from event_counts_hourly
          where project_id = ${kolkata.id} and hour = '2026-05-30T18:00:00Z'`,
    );
    expect(hour).toEqual({ n: 1, rows: 1 });
  });

  it("stores events again in a month dropped behind this process's back", async () => {
    const scratch = await createProject(database.db, { slug: "scratch" });
    await ingest(database.db, scratch.id, [track({ userId: "s" }, "view", "2026-01-10T10:00:00Z")], receivedAt);
    await q(sql`drop table events_y2026m01`); // as another process's retention would
    const result = await ingest(database.db, scratch.id, [track({ userId: "s" }, "view", "2026-01-11T10:00:00Z")]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, mergeRefused: [] });
    const [stored] = await q(sql`select count(*)::int as n from events where project_id = ${scratch.id}`);
    expect(stored).toEqual({ n: 1 });
  });
});

describeOnPostgres("retention while a query holds events", () => {
  it("leaves a month to the next call rather than queueing every query behind its drop", async () => {
    const busy = await createTestDatabase();
    try {
      const project = await createProject(busy.db, { slug: "busy" });
      await updateProjectSettings(busy.db, project.id, { retentionDays: 30 });
      await ingest(
        busy.db,
        project.id,
        [track({ userId: "b" }, "view", "2026-03-10T10:00:00Z")],
        "2026-07-15T11:00:00Z",
      );
      const reader = new pg.Client({ connectionString: busy.url });
      await reader.connect();
      await reader.query("begin");
      await reader.query("select count(*) from events");
      const blocked = await enforceRetention(busy.db, { now: retentionNow });
      expect(blocked.partitionsDropped).toEqual([]);
      expect(blocked.projects[0]).toMatchObject({ eventsDeleted: 0, done: false });
      await reader.query("commit");
      await reader.end();
      const freed = await enforceRetention(busy.db, { now: retentionNow });
      expect(freed.partitionsDropped).toEqual(["events_y2026m03"]);
      expect(freed.projects[0]).toMatchObject({ eventsDeleted: 0, done: true });
    } finally {
      await busy.drop();
    }
  });
});
