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
});
