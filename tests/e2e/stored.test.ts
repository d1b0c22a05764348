import { Analytics } from "@segment/analytics-node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oddProperties, oddPropertiesStored, sortedEntries } from "../fixtures/odd-content";
import { e2eKeys } from "./global-setup";
import { baseUrl, ingestPost, track, unique } from "./helpers";

// What the running app stored, read from its PostgreSQL (vitest.e2e.config.ts runs this file in
// the PostgreSQL pass only: the embedded database belongs to the app while it runs).
const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
beforeAll(() => client.connect());
afterAll(() => client.end());

const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
  (await client.query<T>(text, values)).rows;

/** The project's stored events whose distinct id starts with `prefix`, oldest first. */
const eventsOf = (prefix: string, project = "ingest") =>
  query<{ event: string; person_id: string; properties: Record<string, unknown>; flags: number }>(
    `select d.name as event, e.person_id, e.properties, e.flags
     from events e join event_definitions d on d.id = e.event_id join projects p on p.id = e.project_id
     where p.slug = $1 and e.distinct_id like $2 order by e.timestamp, d.name`,
    [project, `${prefix}%`],
  );

describe("what the app stored (PostgreSQL)", () => {
  it("keeps each call of the real analytics-node client once, on one person, with the account", async () => {
    const run = unique("stored");
    const analytics = new Analytics({ writeKey: e2eKeys.ingestWrite, host: baseUrl, flushAt: 4, maxRetries: 2 });
    const anonymousId = `${run}-anon`;
    analytics.page({ anonymousId, name: "Pricing" });
    analytics.track({ anonymousId, event: "viewed" });
    analytics.identify({ userId: `${run}-user`, anonymousId, traits: { email: "sdk@example.com", plan: "pro" } });
    analytics.group({ userId: `${run}-user`, groupId: `${run}-acct`, traits: { name: "SDK Inc", seats: 5 } });
    analytics.track({ userId: `${run}-user`, event: "bought" });
    analytics.alias({ userId: `${run}-new`, previousId: `${run}-user` });
    analytics.track({ userId: `${run}-new`, event: "after_alias" });
    await analytics.closeAndFlush({ timeout: 20_000 });

    const events = await eventsOf(run);
    expect(events.map((e) => e.event).sort()).toEqual(
      ["$alias", "$group", "$identify", "$pageview", "after_alias", "bought", "viewed"].sort(),
    );
    expect(new Set(events.map((e) => e.person_id)).size).toBe(1);
    const personId = events[0]?.person_id;
    const ids = await query<{ distinct_id: string }>(
      "select distinct_id from person_distinct_ids where person_id = $1 order by 1",
      [personId],
    );
    expect(ids.map((r) => r.distinct_id)).toEqual([`${run}-anon`, `${run}-new`, `${run}-user`]);
    const [person] = await query<{ properties: Record<string, unknown> }>(
      "select properties from persons where id = $1",
      [personId],
    );
    expect(person?.properties).toEqual({ email: "sdk@example.com", plan: "pro" });
    const accounts = await query<{ traits: Record<string, unknown>; member: string }>(
      `select a.traits, m.person_id as member from accounts a join account_members m on m.account_id = a.id
       where a.group_id = $1`,
      [`${run}-acct`],
    );
    expect(accounts).toEqual([{ traits: { name: "SDK Inc", seats: 5 }, member: personId }]);
  });

  it("keeps odd content as sent: __proto__ as data, injection-shaped names and values, emoji, RTL", async () => {
    const run = unique("odd");
    await ingestPost("/v1/batch", { batch: [{ ...track("odd", 1), userId: `${run}-u`, properties: oddProperties() }] });
    const [stored] = await eventsOf(run);
    expect(sortedEntries(stored?.properties)).toEqual(oddPropertiesStored);
    expect((stored?.flags ?? 0) & 4).toBe(4); // sanitized text, counted in data quality
    expect((await query("select count(*)::int as n from pg_tables where tablename = 'events'"))[0]).toEqual({ n: 1 });
  });

  it("stores corrected times, and the raw ones recoverable", async () => {
    const run = unique("clock");
    const now = Date.now();
    const sentAt = new Date(now + 3 * 86_400_000).toISOString();
    const batch = [
      {
        ...track("skewed", 1),
        userId: `${run}-a`,
        timestamp: new Date(now + 3 * 86_400_000 - 3_600_000).toISOString(),
        sentAt,
      },
      { ...track("reset", 2), userId: `${run}-b`, timestamp: "1970-01-01T00:00:05Z", sentAt: "1970-01-01T00:00:10Z" },
      { ...track("short_year", 3), userId: `${run}-c`, timestamp: "0050-03-01T00:00:00Z" },
    ];
    expect((await ingestPost("/v1/batch", { batch })).body.accepted).toBe(3);
    const rows = await query<{
      name: string;
      ts: number;
      received: number;
      skew: number | null;
      flags: number;
      properties: Record<string, unknown>;
    }>(
      `select d.name, extract(epoch from e.timestamp) * 1000 as ts, extract(epoch from e.received_at) * 1000 as received,
              e.clock_skew_ms as skew, e.flags, e.properties
       from events e join event_definitions d on d.id = e.event_id where e.distinct_id like $1 order by d.name`,
      [`${run}%`],
    );
    const [reset, shortYear, skewed] = rows.map((r) => ({ ...r, ts: Number(r.ts), received: Number(r.received) }));
    // The phone 3 days ahead: an hour before receipt; raw time = timestamp + skew.
    expect(skewed?.received && skewed.received - skewed.ts).toBe(3_600_000);
    expect(Math.abs((skewed?.skew ?? 0) - 3 * 86_400_000)).toBeLessThan(2_000);
    expect(skewed?.flags).toBe(0);
    // The device reset to 1970: 5 s before receipt; the skew does not fit the column, kept aside.
    expect(reset?.received && reset.received - reset.ts).toBe(5_000);
    expect(reset?.skew).toBeNull();
    expect(Number(reset?.properties.$clock_skew_ms) + (reset?.received ?? 0)).toBe(Date.parse("1970-01-01T00:00:10Z"));
    // A year typed short: at receipt, flagged, the raw value kept.
    expect(shortYear?.ts).toBe(shortYear?.received);
    expect(shortYear?.flags).toBe(16);
    expect(shortYear?.properties.$raw_timestamp).toBe("0050-03-01T00:00:00Z");
  });

  it("applies a project's PII rules to traits too, before storage", async () => {
    const run = unique("pii");
    const identify = {
      type: "identify",
      userId: `${run}-u`,
      messageId: `${run}-1`,
      traits: { email: "ada@example.com", plan: "team" },
      context: { ip: "2001:db8:85a3::8a2e:370:7334" },
    };
    expect((await ingestPost("/v1/batch", { batch: [identify] }, { key: e2eKeys.limitedWrite })).body.accepted).toBe(1);
    const [event] = await eventsOf(run, "limited");
    expect(event?.properties).toEqual({ $set: { plan: "team" }, $ip: "2001:db8:85a3::" });
    const [person] = await query<{ properties: unknown }>("select properties from persons where id = $1", [
      event?.person_id,
    ]);
    expect(person?.properties).toEqual({ plan: "team" });
  });

  it("counts a batch refused for its length once, as one refused request", async () => {
    const refused = async () => {
      const [row] = await query<{ n: number }>(
        `select coalesce(sum(i.count), 0)::int as n from ingest_issues i join projects p on p.id = i.project_id
         where p.slug = 'ingest' and i.reason = 'too_many_events'`,
      );
      return row?.n ?? 0;
    };
    const before = await refused();
    const batch = Array.from({ length: 2_501 }, (_, i) => ({
      type: "track",
      event: "e",
      userId: "u",
      messageId: `r${i}`,
    }));
    expect((await ingestPost("/v1/batch", { batch })).status).toBe(413);
    expect((await ingestPost("/v1/batch", { batch })).status).toBe(413);
    // Counting its events let a flood of small requests claim 750,300 "lost" events.
    expect((await refused()) - before).toBe(2);
  });
});
