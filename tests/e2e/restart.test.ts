import { exec } from "node:child_process";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { countBy, sendUntilAcknowledged, storedEvents } from "./delivery";
import { e2eKeys } from "./global-setup";
import { baseUrl, driver, ingestPost, track, unique } from "./helpers";

// Set by .ci/run for the native PostgreSQL run (vitest.e2e.config.ts runs this file only then)
// and for the Citus run, where it restarts one worker (.ci/citus.sh worker restart).
const restartCommand = process.env.E2E_PG_RESTART as string;
const run = (command: string) =>
  new Promise<void>((resolve, reject) => exec(command, (error) => (error ? reject(error) : resolve())));
const databaseUrl = process.env.E2E_DATABASE_URL as string;

const server = driver === "Citus" ? "a Citus worker" : "PostgreSQL";

describe(`${server} restarting in the middle of ingestion`, () => {
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

    expect(await storedEvents(databaseUrl, event)).toEqual({ n: 3_000, distinct_ids: 3_000 });
    // The restart was felt: some request waited it out, failed over to a retry, or got a 503.
    console.log(`statuses during the restart run: ${JSON.stringify(countBy(statuses))}`);
  });
});

describe(`${server} down for longer than the wait`, () => {
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
      if (driver === "Citus") {
        // The coordinator answers; health names the worker it cannot reach.
        const health = await fetch(`${baseUrl}/api/health`);
        expect(health.status).toBe(503);
        const body = await health.json();
        expect(body.status).toBe("degraded");
        expect(body.database.workers).toContainEqual({ node: "127.0.0.1:9702", reachable: false });
        expect(body.database.workers).toContainEqual({ node: "127.0.0.1:9701", reachable: true });
        // A query needing the worker's shards: 503 with Retry-After too, not a 500.
        const answer = await fetch(`${baseUrl}/api/v1/projects/acme/query`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${e2eKeys.secret}` },
          body: JSON.stringify({
            kind: "trend",
            series: [{ event: "$any" }],
            interval: "day",
            from: "2026-01-01T00:00:00Z",
            to: "2026-02-01T00:00:00Z",
          }),
        });
        expect(answer.status).toBe(503);
        expect((await answer.json()).error.code).toBe("database_unavailable");
        expect(answer.headers.get("retry-after")).toBe("5");
      }
    } finally {
      await run(restartCommand.replace(/restart$/, "start-again"));
    }
    const statuses: number[] = [];
    expect(await sendUntilAcknowledged([track(event, 1)], statuses)).toBe(true);
    expect(await storedEvents(databaseUrl, event)).toEqual({ n: 1, distinct_ids: 1 });
  });
});

/** When the server (on Citus: the coordinator and every worker) last started. */
async function serverStartTime(): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started =
      driver === "Citus"
        ? `select string_agg(result, ',' order by nodeport) as t
         from run_command_on_workers('select pg_postmaster_start_time()')`
        : "select pg_postmaster_start_time()::text as t";
    return String((await client.query(started)).rows[0].t);
  } finally {
    await client.end();
  }
}
