import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { getAccount, getAccountEvents } from "@/lib/accounts/get-account";
import { getAccountActivity } from "@/lib/accounts/get-account-activity";
import { getAccounts } from "@/lib/accounts/get-accounts";
import { accountActivityParamsSchema, accountListParamsSchema } from "@/lib/accounts/params";
import { keyedHash } from "@/lib/ingest/privacy/apply";
import { getPerson, getPersonEvents } from "@/lib/persons/get-person";
import { getPersons } from "@/lib/persons/get-persons";
import { personListParamsSchema, timelineParamsSchema } from "@/lib/persons/params";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createProject, type Project } from "@/lib/projects/projects";
import { getHashKey } from "@/lib/projects/secrets";
import { peopleMessages } from "../fixtures/people";
import { createTestDatabase, driverName, onCitus } from "../support/database";
import { ingestOneByOne } from "../support/ingest";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;
let bobId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  project = await createProject(database.db, { slug: "people" });
  await ingestOneByOne(database.db, project, peopleMessages);
  bobId = keyedHash(await getHashKey(database.db, project.id), "bob@corp.example");
});
afterAll(() => database.drop());

const list = (query: Record<string, string> = {}) =>
  getPersons(database.db, project, personListParamsSchema.parse(query), FULL_PII_ACCESS);
const names = async (query: Record<string, string> = {}) => (await list(query)).persons.map((p) => p.displayName);
const timeline = (id: string, query: Record<string, string | string[]> = {}) =>
  getPersonEvents(database.db, project, id, timelineParamsSchema.parse(query), FULL_PII_ACCESS);

describe(`the people list (${driverName})`, () => {
  it("sorts by last seen (default), event count or first seen, newest first", async () => {
    expect(await names()).toEqual(["Ada Lovelace", "Bob", "cy-2"]);
    expect(await names({ sort: "event_count" })).toEqual(["Ada Lovelace", "cy-2", "Bob"]);
    expect(await names({ sort: "first_seen" })).toEqual(["Ada Lovelace", "Bob", "cy-2"]);
    const [ada] = (await list()).persons;
    expect(ada).toMatchObject({
      eventCount: 10,
      firstSeen: "2026-05-02T11:50:00Z",
      lastSeen: "2026-05-03T10:00:00Z",
      distinctIdCount: 3,
    });
    expect([...(ada?.distinctIds ?? [])].sort()).toEqual(["ada", "anon-ada", "anon-ada-2"]);
  });

  it("walks every page once with the cursor, in every order", async () => {
    for (const sort of ["last_seen", "event_count", "first_seen"]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ sort, limit: "1", ...(cursor ? { cursor } : {}) });
        seen.push(...page.persons.map((p) => p.displayName));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen, sort).toEqual(await names({ sort }));
    }
  });

  it("searches distinct ids (exact and prefix), emails in any case, a hashed email id by the email, the person id", async () => {
    expect(await names({ search: "anon-a" })).toEqual(["Ada Lovelace"]);
    expect(await names({ search: "cy-2" })).toEqual(["cy-2"]);
    expect(await names({ search: "ada@EXAMPLE" })).toEqual(["Ada Lovelace"]);
    expect(await names({ search: "bob@corp.example" })).toEqual(["Bob"]);
    expect(await names({ search: "100%_" })).toEqual([]);
    const ada = (await list()).persons[0];
    expect(await names({ search: String(ada?.id) })).toEqual(["Ada Lovelace"]);
  });

  it("finds who did an event in a range, and filters by person properties and account traits", async () => {
    expect(await names({ did: "view" })).toEqual(["Ada Lovelace", "Bob", "cy-2"]);
    const range = { did: "view", from: "2026-05-01T07:00:00Z", to: "2026-05-02T00:00:00Z" };
    expect(await names(range)).toEqual(["Bob"]);
    expect(await names({ did: "never_sent" })).toEqual([]);
    const where = (filters: unknown) => names({ where: JSON.stringify(filters) });
    expect(await where([{ property: "person.plan", op: "eq", value: "pro" }])).toEqual(["Ada Lovelace"]);
    expect(await where([{ property: "person.plan", op: "neq", value: "pro" }])).toEqual(["Bob", "cy-2"]);
    expect(await where([{ property: "account.plan", op: "eq", value: "enterprise" }])).toEqual(["Ada Lovelace", "Bob"]);
    expect(await where([{ property: "person.plan", op: "is_not_set" }])).toEqual(["cy-2"]);
  });

  it("refuses bad input with the field: a foreign cursor, a limit over the maximum, an event property", () => {
    const field = (query: Record<string, string>) =>
      personListParamsSchema.safeParse(query).error?.issues[0]?.path.join(".");
    expect(field({ cursor: "not-a-cursor" })).toBe("cursor");
    expect(field({ cursor: Buffer.from('["x"]').toString("base64url") })).toBe("cursor");
    expect(field({ limit: "201" })).toBe("limit");
    expect(field({ from: "2026-05-01T00:00:00Z" })).toBe("did");
    expect(field({ where: "[{" })).toBe("where");
    expect(timelineParamsSchema.safeParse({ limit: "500" }).error?.issues[0]?.path).toEqual(["limit"]);
  });
});

describe(`a person's profile and timeline (${driverName})`, () => {
  it("is one person for every id: distinct ids, the hashed email id typed as the email, a person id merged away", async () => {
    const ada = await getPerson(database.db, project, "anon-ada-2", FULL_PII_ACCESS);
    expect(ada).toMatchObject({
      matchedBy: "distinct_id",
      properties: { name: "Ada Lovelace", email: "Ada@Example.com", plan: "pro" },
      accounts: [{ groupId: "acme/emea", name: "Acme EMEA", plan: "enterprise" }],
      eventCount: 10,
      eventCounts: [
        { event: "view", count: 5 },
        { event: "$identify", count: 2 },
        { event: "$group", count: 1 },
        { event: "$pageview", count: 1 },
        { event: "report_created", count: 1 },
      ],
    });
    expect((await getPerson(database.db, project, ada.id, FULL_PII_ACCESS)).matchedBy).toBe("person_id");
    expect((await getPerson(database.db, project, "bob@corp.example", FULL_PII_ACCESS)).distinctIds).toEqual([bobId]);
    const [merge] = await rows<{ from: string; to: string }>(
      database.db,
      sql`select from_person_id::text as from, to_person_id::text as to from person_merges where project_id = ${project.id}`,
    );
    const cy = await getPerson(database.db, project, merge?.from as string, FULL_PII_ACCESS);
    expect(cy).toMatchObject({ id: merge?.to, matchedBy: "merged_person_id", eventCount: 5 });
    expect([...cy.distinctIds].sort()).toEqual(["anon-cy", "cy-2"]);
  });

  it("lists events newest first, stable across equal timestamps and page boundaries, sessions split at 30 minutes", async () => {
    const all = await timeline("ada", { limit: "200" });
    expect(all.events.map((e) => [e.timestamp.slice(5, 19), e.event, e.sessionStart])).toEqual([
      ["05-03T10:00:00", "report_created", true],
      ["05-03T09:30:00", "view", false],
      ["05-03T09:00:01", "view", false],
      ["05-03T09:00:00", "$identify", true],
      ["05-02T12:00:00", "$group", false],
      ["05-02T12:00:00", "view", false],
      ["05-02T12:00:00", "view", false],
      ["05-02T12:00:00", "view", false],
      ["05-02T11:59:00", "$identify", false],
      ["05-02T11:50:00", "$pageview", true],
    ]);
    expect(all.nextCursor).toBeNull();
    // Pages of 3 cut through the four events at 12:00; walking them gives the same list, once each.
    for (const limit of ["1", "3", "4"]) {
      const walked: string[] = [];
      const starts: boolean[] = [];
      let cursor: string | undefined;
      do {
        const page = await timeline("anon-ada", { limit, ...(cursor ? { cursor } : {}) });
        walked.push(...page.events.map((e) => e.id));
        starts.push(...page.events.map((e) => e.sessionStart));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(walked, limit).toEqual(all.events.map((e) => e.id));
      expect(starts, limit).toEqual(all.events.map((e) => e.sessionStart));
    }
  });

  it("filters by event names, jumps to a time, and interleaves the deploys of the page's span", async () => {
    const views = await timeline("ada", { events: "view,report_created" });
    expect(views.events.map((e) => e.event)).toEqual(["report_created", "view", "view", "view", "view", "view"]);
    const before = await timeline("ada", { before: "2026-05-03T00:00:00Z", limit: "2" });
    expect(before.events.map((e) => e.timestamp)).toEqual(["2026-05-02T12:00:00.000Z", "2026-05-02T12:00:00.000Z"]);
    expect((await timeline("ada", { events: "never_sent" })).events).toEqual([]);
  });

  it("answers 404 with a code for an unknown person", async () => {
    await expect(getPerson(database.db, project, "nobody/with'quotes ✓", FULL_PII_ACCESS)).rejects.toMatchObject({
      status: 404,
      code: "person_not_found",
    });
  });

  it("reads at most a page of events for a person with thousands (the plan, not the clock)", async () => {
    const heavy = Array.from({ length: 3_000 }, (_, i) => ({
      type: "track",
      event: "tick",
      userId: "heavy",
      messageId: `heavy-${i}`,
      timestamp: new Date(Date.parse("2026-04-01T00:00:00Z") + i * 60_000).toISOString(),
    }));
    const { writeEvents } = await import("@/lib/ingest/write-events");
    const { normalized } = await import("../support/ingest");
    await writeEvents(database.db, project.id, normalized(heavy));
    const page = await timeline("heavy", { limit: "50" });
    expect(page.events).toHaveLength(50);
    const { buildTimelineQuery } = await import("@/lib/persons/timeline");
    const person = (await getPerson(database.db, project, "heavy", FULL_PII_ACCESS)).id;
    const query = buildTimelineQuery(
      project.id,
      sql`select ${person}::bigint as person_id`,
      timelineParamsSchema.parse({ limit: "50" }),
      null,
      await onCitus(),
    );
    const plan = JSON.stringify(await rows(database.db, sql`explain (analyze, format json) ${query}`));
    const scanned = [...plan.matchAll(/"Relation Name":"events[^"]*"[^}]*?"Actual Rows":(\d+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(scanned.length).toBeGreaterThan(0);
    expect(Math.max(...scanned)).toBeLessThanOrEqual(52);
  });
});

describe(`accounts (${driverName})`, () => {
  const access = FULL_PII_ACCESS;

  it("lists accounts with members and activity, searches by groupId or name, in every order", async () => {
    const page = (query: Record<string, string> = {}) =>
      getAccounts(database.db, project, accountListParamsSchema.parse(query), access);
    expect((await page()).accounts).toMatchObject([
      {
        groupId: "acme/emea",
        name: "Acme EMEA",
        plan: "enterprise",
        members: 2,
        events: 12,
        lastSeen: "2026-05-03T10:00:00Z",
      },
      { groupId: "o'brien & sons ✓", name: "O'Brien", plan: null, members: 1, events: 5 },
    ]);
    expect((await page({ search: "o'bri" })).accounts.map((a) => a.groupId)).toEqual(["o'brien & sons ✓"]);
    expect((await page({ search: "acme EM" })).accounts.map((a) => a.groupId)).toEqual(["acme/emea"]);
    expect((await page({ sort: "plan" })).accounts.map((a) => a.plan)).toEqual([null, "enterprise"]);
    const first = await page({ sort: "members", limit: "1" });
    const second = await page({ sort: "members", limit: "1", cursor: first.nextCursor as string });
    expect([...first.accounts, ...second.accounts].map((a) => a.members)).toEqual([2, 1]);
    expect(second.nextCursor).toBeNull();
  });

  it("shows an account's members, first and last activity, and the merged timeline of its members", async () => {
    const acme = await getAccount(database.db, project, "acme/emea", access);
    expect(acme).toMatchObject({
      memberCount: 2,
      firstActivity: "2026-05-01T08:00:00Z",
      lastActivity: "2026-05-03T10:00:00Z",
      traits: { name: "Acme EMEA", plan: "enterprise" },
    });
    expect(acme.members.map((m) => m.displayName)).toEqual(["Ada Lovelace", "Bob"]);
    const events = await getAccountEvents(
      database.db,
      project,
      "acme/emea",
      timelineParamsSchema.parse({ limit: "200" }),
      access,
    );
    expect(events.events).toHaveLength(12);
    expect(events.events.at(-1)).toMatchObject({ event: "$identify", distinctId: bobId });
    expect(new Set(events.persons.map((p) => p.displayName))).toEqual(new Set(["Ada Lovelace", "Bob"]));
    // Walking pages of 5 gives the same 12.
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await getAccountEvents(
        database.db,
        project,
        "acme/emea",
        timelineParamsSchema.parse({ limit: "5", ...(cursor ? { cursor } : {}) }),
        access,
      );
      walked.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(events.events.map((e) => e.id));
  });

  it("merges many members' events into pages exactly, ties and page boundaries included", async () => {
    const at = (minute: number) => new Date(Date.parse("2026-05-06T10:00:00Z") + minute * 60_000).toISOString();
    const messages: Record<string, unknown>[] = [];
    for (let m = 0; m < 6; m++) {
      messages.push({ type: "group", userId: `crowd-${m}`, groupId: "crowd", timestamp: at(m) });
      // Interleaved in time, several members at the same minute.
      for (let k = 0; k < 5; k++)
        messages.push({ type: "track", event: "tick", userId: `crowd-${m}`, timestamp: at(10 + k * 3 + (m % 3)) });
    }
    await ingestOneByOne(database.db, project, messages);
    const expected = await rows<{ id: string }>(
      database.db,
      sql`select e.id::text from events e join account_members m on m.person_id = e.person_id and m.project_id = e.project_id
          join accounts a on a.id = m.account_id
          where a.group_id = 'crowd' and e.project_id = ${project.id} order by e.timestamp desc, e.id desc`,
    );
    expect(expected).toHaveLength(36);
    for (const limit of ["1", "2", "5", "7"]) {
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const params = timelineParamsSchema.parse({ limit, ...(cursor ? { cursor } : {}) });
        const page = await getAccountEvents(database.db, project, "crowd", params, access);
        walked.push(...page.events.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(walked, limit).toEqual(expected.map((r) => r.id));
    }
  });

  it("uses membership at query time: a person who joins brings their whole history", async () => {
    await ingestOneByOne(database.db, project, [
      { type: "group", userId: "cy-2", groupId: "acme/emea", timestamp: "2026-05-04T10:00:00Z" },
    ]);
    const acme = await getAccount(database.db, project, "acme/emea", access);
    expect(acme.memberCount).toBe(3);
    const events = await getAccountEvents(
      database.db,
      project,
      "acme/emea",
      timelineParamsSchema.parse({ limit: "200" }),
      access,
    );
    expect(events.events).toHaveLength(12 + 5 + 1);
  });

  it("counts events and active members per day in the project's zone", async () => {
    const activity = await getAccountActivity(
      database.db,
      project,
      "acme/emea",
      accountActivityParamsSchema.parse({ from: "2026-05-01T00:00:00Z", to: "2026-05-05T00:00:00Z" }),
    );
    expect(activity.points).toEqual([
      { t: "2026-05-01T00:00:00Z", events: 2 + 5, activeMembers: 2 },
      { t: "2026-05-02T00:00:00Z", events: 6, activeMembers: 1 },
      { t: "2026-05-03T00:00:00Z", events: 4, activeMembers: 1 },
      { t: "2026-05-04T00:00:00Z", events: 1, activeMembers: 1 },
    ]);
  });

  it("answers 404 with a code for an unknown account", async () => {
    await expect(getAccount(database.db, project, "nope", access)).rejects.toMatchObject({
      status: 404,
      code: "account_not_found",
    });
  });
});
