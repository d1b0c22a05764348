import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rows } from "@/db/connect";
import { createTestDatabase, driverName } from "../support/database";

// The commands as a user types them (`npm run project`, `npm run import`), on a database of their
// own: a data folder for PGlite (each command opens it, one at a time), or a fresh PostgreSQL one.
let dir: string;
let env: Record<string, string>;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-cli-"));
  if (process.env.TEST_DATABASE_URL) {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url as string };
  } else {
    env = { LOUPE_DATA_DIR: path.join(dir, "db") };
  }
});
afterAll(async () => {
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function npm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const environment = { ...process.env, DATABASE_URL: "", LOUPE_DATA_DIR: "", ...env };
    execFile("npm", ["run", "--silent", ...args], { env: environment }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function stored(query: ReturnType<typeof sql>) {
  const handle = await openDatabase(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.LOUPE_DATA_DIR },
  );
  try {
    return await rows<Record<string, unknown>>(handle.db, query);
  } finally {
    await handle.close();
  }
}

describe(`the project and import commands (${driverName})`, () => {
  it("creates a project, sets its PII rules, imports a CSV under them, and again stores nothing twice", async () => {
    expect((await npm("project", "--", "create", "cli-shop")).code).toBe(0);
    const settings = await npm("project", "--", "settings", "cli-shop", "--pii-drop", "password", "--ip", "discard");
    expect(settings.code).toBe(0);
    expect(settings.stdout).toContain('"drop": [\n      "password"\n    ]');
    const bad = await npm("project", "--", "settings", "cli-shop", "--redact", "maybe");
    expect([bad.code, bad.stderr.trim()]).toEqual([1, 'error: --redact is on or off, not "maybe"']);
    const keyed = await npm("project", "--", "settings", "cli-shop", "--key-events", "signup, first_report,signup");
    expect(keyed.stdout).toContain('"keyEvents": [\n    "signup",\n    "first_report"\n  ]');
    const cleared = await npm("project", "--", "settings", "cli-shop", "--key-events", "");
    expect(cleared.stdout).not.toContain("keyEvents");

    const file = path.join(dir, "shop.csv");
    fs.writeFileSync(
      file,
      "user_id,event,timestamp,password,note\n" +
        "u1,login,2026-02-01 08:00:00,hunter2,hi\n" +
        "u2,login,2026-02-01 09:00:00,secret,mail ada@example.com\n" +
        "u3,,2026-02-01 10:00:00,x,no event name\n",
    );
    const first = await npm("import", "--", "--project", "cli-shop", "--file", file);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/3 lines in [\d.]+s \(\d+ lines\/s\): 2 stored, 0 already there, 1 rejected/);
    expect(first.stdout).toContain("rejected missing_event: 1");
    expect(first.stdout).toContain("line 4: missing_event: track calls need an event name");
    const again = await npm("import", "--", "--project", "cli-shop", "--file", file);
    expect(again.stdout).toMatch(/: 0 stored, 2 already there, 1 rejected/);

    const events = await stored(
      sql`select e.distinct_id, e.properties from events e join projects p on p.id = e.project_id
          where p.slug = 'cli-shop' order by e.distinct_id`,
    );
    expect(events).toEqual([
      { distinct_id: "u1", properties: { note: "hi" } },
      { distinct_id: "u2", properties: { note: "mail [redacted:email]" } },
    ]);
  });

  it("says what is wrong with the command line or the file, in one line", async () => {
    const usage = await npm("import", "--", "--project", "cli-shop");
    expect([usage.code, usage.stderr.trim()]).toEqual([
      1,
      "error: usage: npm run import -- --project <slug> --file <path.ndjson|path.csv> (see docs/import.md)",
    ]);
    const missing = await npm("import", "--", "--project", "nope", "--file", path.join(dir, "absent.csv"));
    expect(missing.stderr).toMatch(/^error: cannot read .*absent\.csv/);
    const file = path.join(dir, "people.csv");
    fs.writeFileSync(file, "customer,event,timestamp\nc1,login,2026-02-01 08:00:00\n");
    const noUser = await npm("import", "--", "--project", "cli-shop", "--file", file);
    expect(noUser.code).toBe(1);
    expect(noUser.stderr).toContain("error: the CSV has no column user_id (see --user-column, --anonymous-column)");
  });

  it("makes scoped secret keys, lists and revokes them, refuses weak given keys, and merges persons", async () => {
    const made = await npm("project", "--", "key", "cli-shop", "secret", "--scopes", "deploys:write");
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(
      /secret key for "cli-shop" with scopes deploys:write \(shown once, store it now\):\nlp_s_\S{32}/,
    );
    const token = /lp_s_\S+/.exec(made.stdout)?.[0] as string;
    const scopes = await npm("project", "--", "key", "cli-shop", "secret", "--scopes", "deploys:write,root");
    expect([scopes.code, scopes.stderr.trim()]).toEqual([
      1,
      'error: --scopes takes query:read, deploys:write, pii:read, admin (comma-separated), not "root"',
    ]);
    const listed = await npm("project", "--", "key", "cli-shop", "list");
    expect(listed.stdout).toContain(`${token.slice(0, 9)}…  secret  deploys:write`);
    expect(listed.stdout).not.toContain(token);
    const revoked = await npm("project", "--", "key", "cli-shop", "revoke", token.slice(0, 9));
    expect(revoked.stdout).toContain("revoked 1 key");
    expect((await npm("project", "--", "key", "cli-shop", "list")).stdout).toMatch(/secret {2}deploys:write\s+revoked/);
    const again = await npm("project", "--", "key", "cli-shop", "revoke", token.slice(0, 9));
    expect(again.code).toBe(1);

    const weak = await npm("project", "--", "create", "cli-weak", "--secret-key", "lp_s_change_me_0123456789");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(
      /that secret key is too weak: it holds about \d+ bits of randomness; at least 128 are needed/,
    );

    const merged = await npm("project", "--", "merge", "cli-shop", "u1", "u2");
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/^merged person \d+ \(u1\) into \d+: 1 events moved \(logged in person_merge_log\)/);
    const log = await stored(sql`select merged_by, distinct_ids, events_moved from person_merge_log`);
    expect(log).toEqual([{ merged_by: "cli", distinct_ids: ["u1"], events_moved: 1 }]);
  });

  it("makes the first admin, reset links, invitations and members, and disables a user", async () => {
    const made = await npm("project", "--", "admin", "Owner@Example.com");
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/email: +owner@example\.com\n +password: +\S{16,}/);
    expect((await npm("project", "--", "admin", "owner@example.com")).stderr).toContain("exists already");
    const reset = await npm("project", "--", "reset-password", "owner@example.com", "--url", "https://loupe.example");
    expect(reset.stdout).toMatch(/https:\/\/loupe\.example\/reset-password\?token=\S{16,}/);
    expect((await npm("project", "--", "reset-password", "nobody@example.com")).code).toBe(1);

    const invite = await npm("project", "--", "invite", "cli-shop", "vi@example.com", "--role", "viewer");
    expect(invite.stdout).toMatch(/\/invite\?token=\S{16,}/);
    expect((await npm("project", "--", "invite", "cli-shop", "vi@example.com", "--role", "boss")).code).toBe(1);
    expect((await npm("project", "--", "member", "cli-shop", "vi@example.com", "--role", "viewer")).stderr).toContain(
      "invite them instead",
    );
    expect(
      (await npm("project", "--", "member", "cli-shop", "owner@example.com", "--role", "member", "--pii")).code,
    ).toBe(0);
    expect((await npm("project", "--", "member", "cli-shop", "list")).stdout).toMatch(
      /owner@example\.com +member +pii/,
    );
    expect((await npm("project", "--", "user", "disable", "owner@example.com")).stdout).toContain("sessions are ended");
    const audit = await stored(sql`select action from audit_log order by id`);
    expect(audit.map((r) => r.action)).toEqual([
      "password_reset_link",
      "member_invited",
      "member_changed",
      "user_disabled",
    ]);
    const disabled = await stored(sql`select disabled_at is not null as disabled, is_owner from users`);
    expect(disabled).toEqual([{ disabled: true, is_owner: true }]);
  });
});
