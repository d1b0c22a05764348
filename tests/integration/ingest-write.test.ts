import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { getEventCatalog } from "@/lib/analytics/catalog/get-event-catalog";
import { GroupCommitQueue } from "@/lib/ingest/group-commit";
import { compactRollups } from "@/lib/ingest/rollups";
import type { NormalizedEvent } from "@/lib/ingest/types";
import { writeEventGroups } from "@/lib/ingest/write-events";
import { createProject, getProjectBySlug, type Project } from "@/lib/projects/projects";
import { oddProperties, oddPropertiesStored, sortedEntries } from "../fixtures/odd-content";
import { createTestDatabase, describeOnPostgres, driverName, onCitus } from "../support/database";
import { ingest, normalized, track } from "../support/ingest";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let projectId: number;
let other: number;

beforeAll(async () => {
  database = await createTestDatabase();
  projectId = (await createProject(database.db, { slug: "ingest" })).id;
  other = (await createProject(database.db, { slug: "other" })).id;
});
afterAll(() => database.drop());

const personOf = async (distinctId: string, project = projectId) => {
  const [row] = await rows<{ person_id: string }>(
    database.db,
    sql`select person_id from person_distinct_ids where project_id = ${project} and distinct_id = ${distinctId}`,
  );
  return row ? Number(row.person_id) : null;
};
const eventsOf = (personId: number | null) =>
  rows<{ distinct_id: string }>(
    database.db,
    sql`select distinct_id from events where project_id = ${projectId} and person_id = ${personId} order by timestamp`,
  );

describe(`identity resolution (${driverName})`, () => {
  it("counts earlier anonymous events as the person's after identify", async () => {
    await ingest(database.db, projectId, [
      track({ anonymousId: "a1" }, "view", "2026-03-01T10:00:00Z"),
      track({ anonymousId: "a1" }, "view", "2026-03-01T10:01:00Z"),
    ]);
    const anonymous = await personOf("a1");
    await ingest(database.db, projectId, [
      {
        type: "identify",
        userId: "alice",
        anonymousId: "a1",
        traits: { email: "a@x.io", plan: "pro" },
        timestamp: "2026-03-01T10:02:00Z",
      },
      track({ userId: "alice" }, "buy", "2026-03-01T10:03:00Z"),
    ]);
    const alice = await personOf("alice");
    expect(alice).toBe(anonymous);
    expect((await eventsOf(alice)).map((e) => e.distinct_id)).toEqual(["a1", "a1", "alice", "alice"]);
    const [person] = await rows<{ properties: Record<string, unknown>; is_identified: boolean }>(
      database.db,
      sql`select properties, is_identified from persons where id = ${alice}`,
    );
    expect(person).toEqual({ properties: { email: "a@x.io", plan: "pro" }, is_identified: true });
  });

  it("merges two existing persons, moving events and recording the merge", async () => {
    await ingest(database.db, projectId, [
      track({ userId: "dave" }, "login", "2026-03-02T09:00:00Z"),
      track({ anonymousId: "a2" }, "view", "2026-03-02T08:00:00Z"),
    ]);
    const dave = await personOf("dave");
    const anonymous = await personOf("a2");
    expect(dave).not.toBe(anonymous);
    await ingest(database.db, projectId, [
      { type: "identify", userId: "dave", anonymousId: "a2", timestamp: "2026-03-02T09:05:00Z" },
    ]);
    expect(await personOf("a2")).toBe(dave);
    expect((await eventsOf(dave)).map((e) => e.distinct_id)).toEqual(["a2", "dave", "dave"]);
    const merges = await rows<{ from_person_id: string; to_person_id: string }>(
      database.db,
      sql`select from_person_id, to_person_id from person_merges where project_id = ${projectId}`,
    );
    expect(merges.map((m) => [Number(m.from_person_id), Number(m.to_person_id)])).toContainEqual([anonymous, dave]);
    const [gone] = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from persons where id = ${anonymous}`,
    );
    expect(gone?.n).toBe(0);
  });

  it("never merges two identified people through a shared device's anonymousId", async () => {
    await ingest(database.db, projectId, [
      { type: "identify", userId: "erin", anonymousId: "shared", timestamp: "2026-03-03T09:00:00Z" },
    ]);
    await ingest(database.db, projectId, [
      { type: "identify", userId: "frank", anonymousId: "shared", timestamp: "2026-03-03T10:00:00Z" },
    ]);
    expect(await personOf("shared")).toBe(await personOf("erin"));
    expect(await personOf("frank")).not.toBe(await personOf("erin"));
  });

  it("gives a first identify of two new ids one person, without a merge", async () => {
    await ingest(database.db, projectId, [
      { type: "identify", userId: "gina", anonymousId: "g-device", timestamp: "2026-03-03T11:00:00Z" },
      track({ anonymousId: "g-device" }, "view", "2026-03-03T11:01:00Z"),
    ]);
    const gina = await personOf("gina");
    expect(await personOf("g-device")).toBe(gina);
    const [row] = await rows<{ is_identified: boolean; merges: number }>(
      database.db,
      sql`select is_identified, (select count(*)::int from person_merges where to_person_id = ${gina}) as merges
          from persons where id = ${gina}`,
    );
    expect(row).toEqual({ is_identified: true, merges: 0 });
  });

  it("lets only one of two users identifying at once on a new device join it", async () => {
    await ingest(database.db, projectId, [track({ anonymousId: "kiosk" }, "view", "2026-03-03T12:00:00Z")]);
    const device = await personOf("kiosk");
    await Promise.all([
      ingest(database.db, projectId, [
        { type: "identify", userId: "hana", anonymousId: "kiosk", timestamp: "2026-03-03T12:01:00Z" },
      ]),
      ingest(database.db, projectId, [
        { type: "identify", userId: "ivan", anonymousId: "kiosk", timestamp: "2026-03-03T12:02:00Z" },
      ]),
    ]);
    const hana = await personOf("hana");
    const ivan = await personOf("ivan");
    expect(hana).not.toBe(ivan);
    expect([hana, ivan]).toContain(device);
    expect(await personOf("kiosk")).toBe(device);
  });

  it("keeps two users apart who identify on one new device within one batch", async () => {
    await ingest(database.db, projectId, [
      { type: "identify", userId: "jo", anonymousId: "new-kiosk", timestamp: "2026-03-03T13:00:00Z" },
      { type: "identify", userId: "kai", anonymousId: "new-kiosk", timestamp: "2026-03-03T13:01:00Z" },
    ]);
    expect(await personOf("new-kiosk")).toBe(await personOf("jo"));
    expect(await personOf("kai")).not.toBe(await personOf("jo"));
  });

  it("alias merges an anonymous person, or names an identified one anew", async () => {
    await ingest(database.db, projectId, [
      track({ anonymousId: "visitor-9" }, "x", "2026-03-04T09:00:00Z"),
      track({ userId: "ivy" }, "y", "2026-03-04T09:01:00Z"),
    ]);
    const result = await ingest(database.db, projectId, [
      { type: "alias", previousId: "visitor-9", userId: "ivy", timestamp: "2026-03-04T09:02:00Z" },
      { type: "alias", previousId: "ivy", userId: "ivy-renamed", timestamp: "2026-03-04T09:03:00Z" },
    ]);
    expect(result.mergeRefused).toEqual([]);
    expect(await personOf("visitor-9")).toBe(await personOf("ivy"));
    expect(await personOf("ivy-renamed")).toBe(await personOf("ivy"));
  });

  it("never merges two identified persons by a message: alias or identify, stored and reported", async () => {
    await ingest(database.db, projectId, [
      track({ userId: "alice-x" }, "x", "2026-03-04T09:00:00Z", { properties: { mine: "alice" } }),
      track({ userId: "bob-x" }, "y", "2026-03-04T09:01:00Z"),
    ]);
    const alice = await personOf("alice-x");
    const bob = await personOf("bob-x");
    const result = await ingest(database.db, projectId, [
      track({ userId: "bob-x" }, "z", "2026-03-04T09:01:30Z"),
      { type: "alias", previousId: "alice-x", userId: "bob-x", timestamp: "2026-03-04T09:02:00Z" },
      { type: "identify", userId: "bob-x", anonymousId: "alice-x", timestamp: "2026-03-04T09:03:00Z" },
    ]);
    expect(result).toEqual({ accepted: 3, duplicates: 0, mergeRefused: [1, 2] });
    expect(await personOf("alice-x")).toBe(alice);
    expect(await personOf("bob-x")).toBe(bob);
    expect((await eventsOf(alice)).map((e) => e.distinct_id)).toEqual(["alice-x"]);
    // The refused messages are stored, as events of the person who sent them.
    expect(await eventsOf(bob)).toHaveLength(4);
  });

  it("keeps identities per project", async () => {
    await ingest(database.db, other, [track({ userId: "alice" }, "view", "2026-03-01T10:00:00Z")]);
    expect(await personOf("alice", other)).not.toBe(await personOf("alice"));
  });

  it("applies identify traits as set, and $set_once only where unset", async () => {
    await ingest(database.db, projectId, [
      {
        type: "identify",
        userId: "gina",
        traits: { plan: "free", $set_once: { first_seen_plan: "free" } },
        timestamp: "2026-03-05T09:00:00Z",
      },
    ]);
    await ingest(database.db, projectId, [
      {
        type: "identify",
        userId: "gina",
        traits: { plan: "team", $set_once: { first_seen_plan: "team" } },
        timestamp: "2026-03-06T09:00:00Z",
      },
    ]);
    const [row] = await rows<{ properties: Record<string, unknown> }>(
      database.db,
      sql`select properties from persons where id = ${await personOf("gina")}`,
    );
    expect(row?.properties).toEqual({ plan: "team", first_seen_plan: "free" });
  });
});

describe(`exactly once (${driverName})`, () => {
  it("stores a messageId once: repeated, retried later, and inside one batch", async () => {
    const batch = [
      { ...track({ userId: "henry" }, "view", "2026-03-07T09:00:00Z"), messageId: "dup-1" },
      { ...track({ userId: "henry" }, "view", "2026-03-07T09:00:00Z"), messageId: "dup-1" },
      { ...track({ userId: "henry" }, "view", "2026-03-07T09:01:00Z"), messageId: "dup-2" },
    ];
    expect(await ingest(database.db, projectId, batch)).toEqual({ accepted: 2, duplicates: 1, mergeRefused: [] });
    // A retry with another timestamp is still the same message.
    const retry = batch.map((m) => ({ ...m, timestamp: "2026-03-08T00:00:00Z" }));
    expect(await ingest(database.db, projectId, retry)).toEqual({ accepted: 0, duplicates: 3, mergeRefused: [] });
    const [row] = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from events where project_id = ${projectId} and message_id like 'dup-%'`,
    );
    expect(row?.n).toBe(2);
    // Partly new: only the new message is stored, in its place among the others.
    const mixed = [
      ...batch.slice(0, 1),
      { ...track({ userId: "henry" }, "view", "2026-03-07T09:02:00Z"), messageId: "dup-3" },
    ];
    expect(await ingest(database.db, projectId, mixed)).toEqual({ accepted: 1, duplicates: 1, mergeRefused: [] });
    const stored = await rows<{ message_id: string }>(
      database.db,
      sql`select message_id from events where project_id = ${projectId} and message_id like 'dup-%' order by message_id`,
    );
    expect(stored.map((r) => r.message_id)).toEqual(["dup-1", "dup-2", "dup-3"]);
  });

  it("stores a messageId once when the same batch arrives twice at once", async () => {
    const batch = Array.from({ length: 50 }, (_, i) => ({
      ...track({ anonymousId: `c-${i % 7}` }, "click", `2026-03-09T09:${String(i).padStart(2, "0")}:00Z`),
      messageId: `conc-${i}`,
    }));
    const results = await Promise.all([ingest(database.db, projectId, batch), ingest(database.db, projectId, batch)]);
    expect(results.map((r) => r.accepted).sort()).toEqual([0, 50]);
    const [row] = await rows<{ n: number; people: number }>(
      database.db,
      sql`select count(*)::int as n, count(distinct person_id)::int as people from events
          where project_id = ${projectId} and message_id like 'conc-%'`,
    );
    expect(row).toEqual({ n: 50, people: 7 });
  });
});

describe(`group commit (${driverName})`, () => {
  const clicks = (prefix: string, n: number) =>
    normalized(
      Array.from({ length: n }, (_, i) => ({
        ...track({ anonymousId: `${prefix}-${i % 3}` }, "tap", `2026-03-10T09:${String(i).padStart(2, "0")}:00Z`),
        messageId: `${prefix}-${i}`,
      })),
    );
  const stored = async (prefix: string) => {
    const [row] = await rows<{ n: number; people: number }>(
      database.db,
      sql`select count(*)::int as n, count(distinct person_id)::int as people from events
          where project_id = ${projectId} and message_id like ${`${prefix}-%`}`,
    );
    return row;
  };

  it("answers each part of a group for its own events; a message id in two parts is stored once", async () => {
    const first = normalized([
      { ...track({ userId: "lea" }, "view", "2026-03-10T08:00:00Z"), messageId: "part-1" },
      { ...track({ userId: "lea" }, "view", "2026-03-10T08:01:00Z"), messageId: "part-2" },
    ]);
    const second = normalized([
      { ...track({ userId: "lea" }, "view", "2026-03-10T08:01:00Z"), messageId: "part-2" },
      { ...track({ userId: "lea" }, "view", "2026-03-10T08:02:00Z"), messageId: "part-3" },
    ]);
    expect(await writeEventGroups(database.db, projectId, [first, second])).toEqual([
      { accepted: 2, duplicates: 0, mergeRefused: [] },
      { accepted: 1, duplicates: 1, mergeRefused: [] },
    ]);
    expect(await stored("part")).toEqual({ n: 3, people: 1 });
  });

  it("stores concurrent writes in fewer transactions, each answered for its own events", async () => {
    const queue = new GroupCommitQueue(database.db, { writers: 1, maxEvents: 5_000, waitBudgetMs: 5_000 });
    const requests = Array.from({ length: 6 }, (_, r) => clicks(`grp${r}`, 10));
    const results = await Promise.all(requests.map((events) => queue.write(projectId, events)));
    expect(results).toEqual(Array.from({ length: 6 }, () => ({ accepted: 10, duplicates: 0, mergeRefused: [] })));
    // The first write starts alone; the five sent while it runs share the next transaction.
    expect(queue.stats).toEqual({ groups: 2, requests: 6, events: 60 });
    for (let r = 0; r < 6; r++) expect(await stored(`grp${r}`)).toEqual({ n: 10, people: 3 });
  });

  it("keeps identities whole when several writers and processes store overlapping users at once", async () => {
    // Two queues stand for two app processes, each with two writers: 12 requests at once, where
    // each user browses anonymously, identifies, then acts, spread over different requests.
    const queues = [1, 2].map(
      () => new GroupCommitQueue(database.db, { writers: 2, maxEvents: 40, waitBudgetMs: 5_000 }),
    );
    const users = Array.from({ length: 8 }, (_, u) => ({ user: `mw-user-${u}`, device: `mw-device-${u}` }));
    const requests = Array.from({ length: 12 }, (_, r) =>
      normalized(
        users.map(({ user, device }, u) => {
          const at = `2026-03-11T${String(9 + (r % 3)).padStart(2, "0")}:${String(u).padStart(2, "0")}:${String(r).padStart(2, "0")}Z`;
          const phase = (r + u) % 3;
          if (phase === 0) return { ...track({ anonymousId: device }, "browse", at), messageId: `mw-${r}-${u}` };
          if (phase === 1)
            return { type: "identify", userId: user, anonymousId: device, timestamp: at, messageId: `mw-${r}-${u}` };
          return { ...track({ userId: user, anonymousId: device }, "act", at), messageId: `mw-${r}-${u}` };
        }),
      ),
    );
    const results = await Promise.all(
      requests.map((events, r) => (queues[r % 2] as GroupCommitQueue).write(projectId, events)),
    );
    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(96);
    expect(await stored("mw")).toEqual({ n: 96, people: 8 });
    for (const { user, device } of users) expect(await personOf(device)).toBe(await personOf(user));
  });

  it("writes requests sharing an id one after the other, in arrival order, and others alongside", async () => {
    const queue = new GroupCommitQueue(database.db, { writers: 2, maxEvents: 5_000, waitBudgetMs: 5_000 });
    const on = (prefix: string, ids: string[]) =>
      normalized(
        ids.map((id, i) => ({
          ...track({ anonymousId: id }, "tap", `2026-03-12T09:00:0${i}Z`),
          messageId: `${prefix}-${i}`,
        })),
      );
    // A is written at once. B shares sa-1 with A: it waits for A. D shares only sa-2, with B,
    // which waits: D may not pass B. C shares nothing: the second writer takes it at once.
    const results = await Promise.all([
      queue.write(projectId, on("ord-a", ["sa-1"])),
      queue.write(projectId, on("ord-b", ["sa-1", "sa-2"])),
      queue.write(projectId, on("ord-d", ["sa-2"])),
      queue.write(projectId, on("ord-c", ["sc-1"])),
    ]);
    expect(results.map((r) => r.accepted)).toEqual([1, 2, 1, 1]);
    // Rows a transaction inserted share its xmin: one transaction per group (on one server; on
    // Citus each worker numbers its own part of a transaction, so only the counts below say it).
    if (!(await onCitus())) {
      const groups = await rows<{ messages: string }>(
        database.db,
        sql`select string_agg(left(message_id, 5), ',' order by message_id) as messages from events
            where project_id = ${projectId} and message_id like 'ord-%' group by xmin::text order by 1`,
      );
      expect(groups.map((g) => [...new Set(g.messages.split(","))].join("+"))).toEqual([
        "ord-a",
        "ord-b+ord-d",
        "ord-c",
      ]);
    }
    expect(queue.stats).toEqual({ groups: 3, requests: 4, events: 5 });
  });

  it("writes requests sharing only ids it has seen stored at once, and holds one naming them in an identity operation", async () => {
    const queue = new GroupCommitQueue(database.db, { writers: 2, maxEvents: 5_000, waitBudgetMs: 5_000 });
    const tap = (messageId: string, id: string, i: number) =>
      normalized([{ ...track({ anonymousId: id }, "tap", `2026-03-13T09:00:0${i}Z`), messageId }]);
    await queue.write(projectId, tap("kn-0", "kn-1", 0)); // from now on this process knows kn-1
    // B shares kn-1 with A, stored: the second writer takes B at once. C identifies kn-1: it waits
    // for both, and is written alone, after them.
    const identify = normalized([
      {
        type: "identify",
        userId: "kn-user",
        anonymousId: "kn-1",
        timestamp: "2026-03-13T09:00:03Z",
        messageId: "kn-c",
      },
    ]);
    const writes = [
      queue.write(projectId, tap("kn-a", "kn-1", 1)),
      queue.write(projectId, tap("kn-b", "kn-1", 2)),
      queue.write(projectId, identify),
    ];
    expect(queue.writingGroups).toBe(2);
    const results = await Promise.all(writes);
    expect(results.map((r) => r.accepted)).toEqual([1, 1, 1]);
    expect(queue.stats).toEqual({ groups: 4, requests: 4, events: 4 });
    if (!(await onCitus())) {
      const xmins = await rows<{ message_id: string; x: string }>(
        database.db,
        sql`select message_id, xmin::text as x from events where project_id = ${projectId} and message_id like 'kn-%'
            order by message_id`,
      );
      expect(new Set(xmins.map((r) => r.x)).size).toBe(4);
    }
    expect(await personOf("kn-1")).toBe(await personOf("kn-user"));
  });

  it("fails only the request whose events cannot be stored", async () => {
    const queue = new GroupCommitQueue(database.db, { writers: 1, maxEvents: 5_000, waitBudgetMs: 5_000 });
    const broken = clicks("broken", 3);
    // Out of range for its integer column: PostgreSQL refuses the insert, and the transaction.
    broken[1] = { ...(broken[1] as NormalizedEvent), clockSkewMs: 2 ** 40 };
    const [first, good, bad] = await Promise.allSettled([
      queue.write(projectId, clicks("solo", 5)),
      queue.write(projectId, clicks("good", 5)),
      queue.write(projectId, broken),
    ]);
    expect(first).toEqual({ status: "fulfilled", value: { accepted: 5, duplicates: 0, mergeRefused: [] } });
    expect(good).toEqual({ status: "fulfilled", value: { accepted: 5, duplicates: 0, mergeRefused: [] } });
    expect(bad.status).toBe("rejected");
    expect(await stored("good")).toEqual({ n: 5, people: 3 });
    expect(await stored("broken")).toEqual({ n: 0, people: 0 });
  });
});

describeOnPostgres("another process meeting the batch on an account and an id (PostgreSQL)", () => {
  it("keeps the group traits when the account appeared meanwhile and identities were planned again", async () => {
    // The other process inserts the account and the device's id, and commits only once this
    // batch waits for both: the batch reads the account late and re-plans its identities.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query("begin");
      await other.query("insert into accounts (project_id, group_id, traits) values ($1, 'late-acme', '{}')", [
        projectId,
      ]);
      const person = await other.query<{ id: string }>(
        "insert into persons (project_id, is_identified) values ($1, false) returning id",
        [projectId],
      );
      const personId = Number(person.rows[0]?.id);
      await other.query(
        "insert into person_distinct_ids (project_id, distinct_id, person_id) values ($1, 'late-device', $2)",
        [projectId, personId],
      );
      const writing = ingest(database.db, projectId, [
        {
          type: "group",
          anonymousId: "late-device",
          groupId: "late-acme",
          traits: { plan: "pro" },
          timestamp: "2026-03-10T10:00:00Z",
        },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query("commit");
      expect(await writing).toEqual({ accepted: 1, duplicates: 0, mergeRefused: [] });
      const [account] = await rows<{ traits: Record<string, unknown> }>(
        database.db,
        sql`select traits from accounts where project_id = ${projectId} and group_id = 'late-acme'`,
      );
      expect(account?.traits).toEqual({ plan: "pro" });
      expect(await personOf("late-device")).toBe(personId);
      expect(await eventsOf(personId)).toEqual([{ distinct_id: "late-device" }]);
    } finally {
      await other.end();
    }
  });
});

describe(`accounts, catalog and rollups (${driverName})`, () => {
  it("links people to accounts and merges account traits", async () => {
    await ingest(database.db, projectId, [
      {
        type: "group",
        userId: "ivy",
        groupId: "acme",
        traits: { name: "Acme", plan: "team" },
        timestamp: "2026-03-10T09:00:00Z",
      },
      {
        type: "group",
        userId: "jack",
        groupId: "acme",
        traits: { plan: "business", mrr: 300 },
        timestamp: "2026-03-10T09:05:00Z",
      },
      track({ userId: "ivy" }, "report_created", "2026-03-10T09:10:00Z", { context: { groupId: "acme" } }),
    ]);
    const [account] = await rows<{ id: string; traits: Record<string, unknown> }>(
      database.db,
      sql`select id, traits from accounts where project_id = ${projectId} and group_id = 'acme'`,
    );
    expect(account?.traits).toEqual({ name: "Acme", plan: "business", mrr: 300 });
    const members = await rows<{ person_id: string }>(
      database.db,
      sql`select person_id from account_members where account_id = ${account?.id} order by person_id`,
    );
    expect(members.map((m) => Number(m.person_id)).sort()).toEqual(
      [await personOf("ivy"), await personOf("jack")].sort(),
    );
    const [event] = await rows<{ account_id: string }>(
      database.db,
      sql`select account_id from events e join event_definitions d on d.id = e.event_id
          where e.project_id = ${projectId} and d.name = 'report_created'`,
    );
    expect(Number(event?.account_id)).toBe(Number(account?.id));
  });

  it("keeps the hourly counts equal to the events stored, before and after compaction", async () => {
    // Deltas: every batch appended its own rows, so some (event, hour) keys have several.
    const mismatches = () =>
      rows<{ event_id: number }>(
        database.db,
        sql`select coalesce(e.event_id, r.event_id) as event_id
            from (select event_id, date_trunc('hour', timestamp, 'UTC') as hour, count(*) as n
                  from events where project_id = ${projectId} group by 1, 2) e
            full join (select event_id, hour, sum(count) as n from event_counts_hourly
                       where project_id = ${projectId} group by 1, 2) r
              on r.event_id = e.event_id and r.hour = e.hour
            where e.n is distinct from r.n`,
      );
    const shape = async () => {
      const [row] = await rows<{ rows: number; keys: number }>(
        database.db,
        sql`select count(*)::int as rows, count(distinct (event_id, hour))::int as keys
            from event_counts_hourly where project_id = ${projectId}`,
      );
      return row;
    };
    // Two batches into the same (event, hour): two delta rows for one key.
    await ingest(database.db, projectId, [track({ userId: "rollup" }, "rolled", "2026-03-12T10:05:00Z")]);
    await ingest(database.db, projectId, [track({ userId: "rollup" }, "rolled", "2026-03-12T10:55:00Z")]);
    expect(await mismatches()).toEqual([]);
    const before = await shape();
    expect(before?.rows).toBeGreaterThan(before?.keys ?? 0);
    expect(await compactRollups(database.db)).toBeGreaterThan(0);
    expect(await shape()).toEqual({ rows: before?.keys, keys: before?.keys });
    expect(await mismatches()).toEqual([]);
    expect(await compactRollups(database.db)).toBe(0);
  });

  it("lists the catalog: volume, first and last seen hour, freshness", async () => {
    const project = (await getProjectBySlug(database.db, "ingest")) as Project;
    const catalog = await getEventCatalog(database.db, project, {
      kind: "event_catalog",
      includeHidden: false,
      limit: 1_000,
    });
    const expected = await rows<{ event: string; volume: number; firstSeen: string; lastSeen: string }>(
      database.db,
      sql`select d.name as event, count(*)::float8 as volume,
            to_char(date_trunc('hour', min(e.timestamp), 'UTC') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "firstSeen",
            to_char(date_trunc('hour', max(e.timestamp), 'UTC') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "lastSeen"
          from events e join event_definitions d on d.id = e.event_id
          where e.project_id = ${projectId} group by d.name order by volume desc, d.name collate "C"`,
    );
    expect(
      catalog.events.map(({ event, volume, firstSeen, lastSeen }) => ({ event, volume, firstSeen, lastSeen })),
    ).toEqual(expected);
    expect(catalog.events.every((e) => e.status === "active" && e.lastReceivedAt !== null)).toBe(true);
    expect(catalog.meta.lastReceivedAt).not.toBeNull();
    expect(catalog.nextCursor).toBeNull();
    // Paginated: pages of 2 walk the same list, once each.
    const walked: string[] = [];
    let cursor: [number, string] | undefined;
    for (let page = 0; page < 100; page++) {
      const next = await getEventCatalog(database.db, project, {
        kind: "event_catalog",
        includeHidden: false,
        limit: 2,
        cursor,
      });
      walked.push(...next.events.map((e) => e.event));
      if (!next.nextCursor) break;
      cursor = JSON.parse(Buffer.from(next.nextCursor, "base64url").toString()) as [number, string];
    }
    expect(walked).toEqual(expected.map((e) => e.event));
  });

  it("stores odd content as sent: __proto__ as data, injection-shaped names and values, emoji, RTL", async () => {
    const odd = { ...track({ userId: "odd-1" }, "odd", "2026-03-10T10:00:00Z"), properties: oddProperties() };
    await ingest(database.db, projectId, [odd]);
    const [row] = await rows<{ properties: Record<string, unknown> }>(
      database.db,
      sql`select properties from events where project_id = ${projectId} and distinct_id = 'odd-1'`,
    );
    expect(sortedEntries(row?.properties)).toEqual(oddPropertiesStored);
  });

  it("promotes Segment context to typed columns", async () => {
    await ingest(database.db, projectId, [
      track({ anonymousId: "ctx" }, "ctx_event", "2026-03-11T09:00:00Z", {
        context: {
          os: { name: "Android" },
          app: { version: "5.2.0" },
          device: { type: "android" },
          locale: "de-DE",
          location: { country: "DE" },
          page: { path: "/pricing" },
          userAgent:
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        },
      }),
    ]);
    const [row] = await rows(
      database.db,
      sql`select os, app_version, device_type, locale, country, path, browser from events where distinct_id = 'ctx'`,
    );
    expect(row).toEqual({
      os: "Android",
      app_version: "5.2.0",
      device_type: "mobile",
      locale: "de-DE",
      country: "DE",
      path: "/pricing",
      browser: "Mobile Chrome",
    });
  });
});

describe(`dedup window (${driverName})`, () => {
  it("remembers message ids for the window, then forgets them", async () => {
    const { pruneMessageIds, DEDUP_WINDOW_DAYS } = await import("@/lib/ingest/prune");
    expect(DEDUP_WINDOW_DAYS).toBeGreaterThanOrEqual(7);
    const message = { ...track({ userId: "kim" }, "old", "2026-01-01T00:00:00Z"), messageId: "prune-1" };
    expect(await ingest(database.db, projectId, [message])).toEqual({ accepted: 1, duplicates: 0, mergeRefused: [] });
    await database.db.execute(
      sql`update ingest_message_ids set received_at = now() - interval '6 days' where message_id = 'prune-1'`,
    );
    expect(await pruneMessageIds(database.db, 7)).toBe(0);
    expect(await ingest(database.db, projectId, [message])).toEqual({ accepted: 0, duplicates: 1, mergeRefused: [] });
    await database.db.execute(
      sql`update ingest_message_ids set received_at = now() - interval '8 days' where message_id = 'prune-1'`,
    );
    expect(await pruneMessageIds(database.db, 7)).toBe(1);
  });
});
