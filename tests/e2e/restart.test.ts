import { exec } from "node:child_process";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ingestPost, track, unique } from "./helpers";

// Set by .ci/run for the native PostgreSQL run (vitest.e2e.config.ts runs this file only then).
const restartCommand = process.env.E2E_PG_RESTART as string;
const run = (command: string) =>
  new Promise<void>((resolve, reject) => exec(command, (error) => (error ? reject(error) : resolve())));
const databaseUrl = process.env.E2E_DATABASE_URL as string;

/** What an SDK does: retry on 5xx, 429 and network errors with backoff; true once acknowledged. */
async function sendUntilAcknowledged(batch: unknown[], statuses: number[]): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const response = await ingestPost("/v1/batch", { batch });
      statuses.push(response.status);
      if (response.status === 200) return response.body.accepted + response.body.duplicates === batch.length;
    } catch {
      statuses.push(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
  }
  return false;
}

describe("a PostgreSQL restart in the middle of ingestion", () => {
  it("loses no acknowledged event and stores none twice", async () => {
    const event = unique("restart");
    const startedBefore = await serverStartTime();
    const statuses: number[] = [];
    let acknowledged = 0;
    let restart: Promise<void> | null = null;
    for (let b = 0; b < 60; b++) {
      if (b === 15) {
        restart = run(restartCommand);
      }
      const batch = Array.from({ length: 50 }, (_, i) => track(event, b * 50 + i));
      if (await sendUntilAcknowledged(batch, statuses)) acknowledged += batch.length;
    }
    await restart;
    expect(acknowledged).toBe(3_000);
    expect(await serverStartTime()).not.toBe(startedBefore);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select count(*)::int as n, count(distinct e.message_id)::int as distinct_ids
         from events e join event_definitions d on d.id = e.event_id where d.name = $1`,
        [event],
      );
      expect(rows[0]).toEqual({ n: 3_000, distinct_ids: 3_000 });
    } finally {
      await client.end();
    }
    // The restart was felt: some request waited it out, failed over to a retry, or got a 503.
    console.log(`statuses during the restart run: ${JSON.stringify(countBy(statuses))}`);
  });
});

describe("PostgreSQL down for longer than the wait", () => {
  it("answers 503 with Retry-After after a bounded wait, then recovers", async () => {
    const event = unique("outage");
    await run(restartCommand.replace(/restart$/, "stop"));
    try {
      const started = Date.now();
      const response = await ingestPost("/v1/batch", { batch: [track(event, 1)] });
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe("database_unavailable");
      expect(response.headers.get("retry-after")).toBe("5");
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await run(restartCommand.replace(/restart$/, "start-again"));
    }
    const statuses: number[] = [];
    expect(await sendUntilAcknowledged([track(event, 1)], statuses)).toBe(true);
  });
});

async function serverStartTime(): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return String((await client.query("select pg_postmaster_start_time()::text as t")).rows[0].t);
  } finally {
    await client.end();
  }
}

function countBy(values: number[]) {
  return values.reduce<Record<number, number>>((acc, v) => {
    acc[v] = (acc[v] ?? 0) + 1;
    return acc;
  }, {});
}
