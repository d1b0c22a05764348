import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { importRecords } from "@/lib/ingest/import/import-file";
import { readNdjson } from "@/lib/ingest/import/sources";
import { keyedHash } from "@/lib/ingest/privacy/apply";
import { createProject, type Project } from "@/lib/projects/projects";
import { updateProjectSettings } from "@/lib/projects/projects-settings";
import { getHashKey } from "@/lib/projects/secrets";
import { createTestDatabase, driverName } from "../support/database";

// Every surface a message can put text on, through the ingestion path (prepare → writer), with
// the rules a careful project sets: drop `password`, hash `email`, discard IPs; patterns and URL
// secrets on (the defaults). For each, the secret must be found nowhere in what was stored.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;
let hashKey: string;

beforeAll(async () => {
  database = await createTestDatabase();
  project = await createProject(database.db, { slug: "private" });
  project = { ...project, settings: { pii: { drop: ["password"], hash: ["email"] }, ipHandling: "discard" } };
  await updateProjectSettings(database.db, project.id, project.settings);
  hashKey = await getHashKey(database.db, project.id);
});
afterAll(() => database.drop());

const at = "2026-03-01T10:00:00Z";
let n = 0;
const send = (message: Record<string, unknown>) =>
  importRecords(
    database.db,
    project,
    readNdjson(Readable.from([JSON.stringify({ messageId: `p-${++n}`, timestamp: at, userId: "u-1", ...message })])),
  );

/** Everything stored that carries text a message sent, as one string. */
async function storedText(): Promise<string> {
  const [row] = await rows<{ text: string }>(
    database.db,
    sql`select concat_ws(' ',
          (select string_agg(concat_ws(' ', distinct_id, message_id, path, os, browser, properties::text), ' ') from events where project_id = ${project.id}),
          (select string_agg(distinct_id, ' ') from person_distinct_ids where project_id = ${project.id}),
          (select string_agg(properties::text, ' ') from persons where project_id = ${project.id}),
          (select string_agg(concat_ws(' ', group_id, traits::text), ' ') from accounts where project_id = ${project.id}),
          (select string_agg(name, ' ') from event_definitions where project_id = ${project.id}),
          (select string_agg(event, ' ') from ingest_issues where project_id = ${project.id})) as text`,
  );
  return row?.text ?? "";
}

const EMAIL = "carol@example.com";
const surfaces: [surface: string, message: Record<string, unknown>, secrets: string[]][] = [
  ["an email as userId", { type: "identify", userId: EMAIL, anonymousId: "anon-7" }, [EMAIL]],
  [
    "an email as anonymousId and groupId",
    { type: "group", anonymousId: EMAIL, userId: undefined, groupId: `org ${EMAIL}` },
    [EMAIL],
  ],
  ["an email in the event name", { type: "track", event: `signup ${EMAIL}` }, [EMAIL]],
  ["an email as a property name", { type: "track", event: "e", properties: { [EMAIL]: true } }, [EMAIL]],
  [
    "URL-encoded emails and a reset token in url, search and path",
    {
      type: "page",
      properties: {
        url: "https://app.example.com/reset?email=carol%40example.com&token=s3cr3tT0k3n",
        search: "?email=carol%40example.com&token=s3cr3tT0k3n",
        path: "/users/carol%40example.com/edit",
      },
      context: { page: { path: "/users/carol%40example.com/edit?token=s3cr3tT0k3n" } },
    },
    ["carol%40example.com", "s3cr3tT0k3n"],
  ],
  [
    "a nested form.password",
    { type: "track", event: "e", properties: { form: { password: "hunter2pass" } } },
    ["hunter2pass"],
  ],
  ["a nested traits.profile.email", { type: "identify", traits: { profile: { email: EMAIL } } }, [EMAIL]],
  [
    "phone and card numbers inside longer text",
    { type: "track", event: "e", properties: { note: "call +1 555 010 9999 or pay with 4111 1111 1111 1111 today" } },
    ["555 010 9999", "4111 1111 1111 1111"],
  ],
  [
    "a card number sent as a number",
    { type: "track", event: "e", properties: { card: 4111111111111111 } },
    ["4111111111111111"],
  ],
  [
    "a client-sent properties.$ip and context.ip",
    { type: "track", event: "e", properties: { $ip: "198.51.100.77" }, context: { ip: "203.0.113.55" } },
    ["198.51.100", "203.0.113"],
  ],
  [
    "a rejected event's name in data quality",
    { type: "track", event: `bad ${EMAIL}`, userId: "x".repeat(201) },
    [EMAIL],
  ],
];

describe(`PII rules on every stored surface (${driverName})`, () => {
  it.each(surfaces)("%s", async (_surface, message, secrets) => {
    await send(message);
    const text = await storedText();
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("keeps what identifies: a hashed email id is one person, findable by its keyed hash", async () => {
    const hashed = keyedHash(hashKey, EMAIL);
    await send({ type: "track", event: "again", userId: EMAIL });
    const [person] = await rows<{ ids: string[]; events: number }>(
      database.db,
      // Each table read apart (on Citus the ids are placed by distinct id, the events by person).
      sql`with p as materialized (
            select person_id from person_distinct_ids where project_id = ${project.id} and distinct_id = ${hashed})
          select (select array_agg(d.distinct_id order by d.distinct_id) from person_distinct_ids d
                  where d.project_id = ${project.id} and d.person_id = (select person_id from p)) as ids,
                 (select count(*)::int from events e
                  where e.project_id = ${project.id} and e.person_id = (select person_id from p)) as events`,
    );
    expect(person?.ids).toEqual(["anon-7", hashed]);
    expect(person?.events).toBe(3); // the identify, the group call (its anonymousId was the email) and this one
    // The key is the project's own, kept apart from events: another project hashes differently.
    const other = await createProject(database.db, { slug: "private-2" });
    expect(await getHashKey(database.db, other.id)).not.toBe(hashKey);
  });
});
