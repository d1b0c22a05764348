import fs from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { planDemo } from "@/lib/demo/generate";
import { importRecords } from "@/lib/ingest/import/import-file";
import { defaultCsvMapping, openCounted, readCsv, readNdjson } from "@/lib/ingest/import/sources";
import { ensureProject } from "@/lib/projects/bootstrap";
import { simpleShopCsv } from "../../tests/fixtures/simple-shop";
import { startApp } from "../app-process";
import { progressBar } from "../cli";
import { benchHostile } from "./hostile";
import { type IngestMix, realisticMessages } from "./ingest-mix";
import { benchDatabase, dataDirectory, postgresSettings, statementStats } from "./postgres";
import { measureCpu, postmasterPidOf, residentMb } from "./processes";
import { percentile, round } from "./stats";

export type IngestBenchOptions = {
  /** What is sent (./ingest-mix.ts): the realistic stream by default, `light` for older comparisons. */
  mix: IngestMix;
  events: number;
  concurrency: number;
  batch: number;
  /** LOUPE_INGEST_WRITERS of the app under test (its default when not given). */
  writers?: number;
  /** Only the HTTP run (quicker A/B comparisons). */
  skipImport?: boolean;
};

const WRITE_KEY = "lp_w_j3m-WbVRV9rrYcGSpaSg70yR88NArvKP";

/**
 * Events/s through POST /v1/batch (the built app on native PostgreSQL, realistic demo batches,
 * N concurrent senders as many SDK instances would be), then importer rows/s (NDJSON, CSV).
 */
export async function benchIngest(options: IngestBenchOptions) {
  const database = await benchDatabase("loupe_bench_ingest");
  const handle = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await runMigrations(handle);
    const project = await ensureProject(handle.db, { slug: "bench", writeKey: WRITE_KEY });
    const running = await startApp({
      DATABASE_URL: database.url,
      LOUPE_INGEST_RATE_LIMIT: "10000000",
      ...(options.writers && { LOUPE_INGEST_WRITERS: String(options.writers) }),
    });
    app = running;
    // Bodies made before the timing (as buffers: 2M realistic messages are ~2 GB of JSON), and the
    // first 50k messages kept for the importer.
    const source =
      options.mix === "light"
        ? [...planDemo({ events: options.events, seed: 11, end: new Date() }).days()].flat()
        : realisticMessages({ events: options.events, seed: 11, end: new Date() });
    const forImporter: unknown[] = [];
    const bodies: Buffer[] = [];
    let pending: unknown[] = [];
    let total = 0;
    const flush = () => {
      bodies.push(Buffer.from(JSON.stringify({ batch: pending, sentAt: new Date().toISOString() })));
      pending = [];
    };
    for (const message of source) {
      total++;
      if (forImporter.length < 50_000) forImporter.push(message);
      pending.push(message);
      if (pending.length === options.batch) flush();
    }
    if (pending.length > 0) flush();
    const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString("base64")}`;
    // node:http with keep-alive rather than fetch: the client shares the app's two cores, so the
    // lighter it is, the closer the figure is to what the app and PostgreSQL can do.
    const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
    const target = new URL(`${running.url}/v1/batch`);
    const send = (body: Buffer) =>
      new Promise<{ accepted: number; ms: number }>((resolve, reject) => {
        const started = performance.now();
        const request = httpRequest(
          target,
          {
            method: "POST",
            agent,
            headers: {
              authorization: auth,
              "content-type": "application/json",
              "content-length": body.length,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              const text = Buffer.concat(chunks).toString();
              if (response.statusCode !== 200)
                return reject(new Error(`batch answered ${response.statusCode}: ${text}`));
              const result = JSON.parse(text) as { accepted?: number };
              resolve({ accepted: result.accepted ?? 0, ms: performance.now() - started });
            });
            response.on("error", reject);
          },
        );
        request.on("error", reject);
        request.end(body);
      });
    // Warm up the app (compilation caches, pool, partitions) outside the timing.
    const warm = bodies.splice(0, Math.min(4, Math.floor(bodies.length / 10)));
    let accepted = 0;
    for (const body of warm) accepted += (await send(body)).accepted;

    const referenceBody = String(bodies[0]);
    const referenceBefore = referenceWorkloadMs(referenceBody);
    await statementStats(database.url, "reset");
    const bar = progressBar("ingest via HTTP");
    const timed = total - accepted;
    bar.start(timed, 0, { rate: 0 });
    let peakMb = 0;
    const rss: { at: number; mb: number }[] = [];
    const sampler = setInterval(() => {
      const mb = residentMb(running.process.pid) ?? 0;
      peakMb = Math.max(peakMb, mb);
      rss.push({ at: performance.now(), mb });
    }, 250);
    const waits = sampleWaits(database.url);
    const latencies: number[] = [];
    const finished: { at: number; events: number; ms: number }[] = [];
    const started = performance.now();
    let next = 0;
    let done = 0;
    const postmaster = postmasterPidOf(await dataDirectory(database.url));
    const { cpu } = await measureCpu(running.process.pid as number, postmaster, () =>
      Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (next < bodies.length) {
            const body = bodies[next] as Buffer;
            bodies[next++] = EMPTY; // sent: its memory can go
            const result = await send(body);
            latencies.push(result.ms);
            finished.push({ at: performance.now(), events: result.accepted, ms: result.ms });
            done += result.accepted;
            bar.update(done, { rate: Math.round(done / ((performance.now() - started) / 1000)) });
          }
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const waited = await waits.stop();
    const referenceAfter = referenceWorkloadMs(referenceBody);
    bar.stop();
    latencies.sort((a, b) => a - b);
    const http = {
      events: done,
      seconds: round(seconds),
      eventsPerSecond: Math.round(done / seconds),
      batchSize: options.batch,
      concurrency: options.concurrency,
      batchLatencyMs: {
        p50: round(percentile(latencies, 0.5)),
        p95: round(percentile(latencies, 0.95)),
        p99: round(percentile(latencies, 0.99)),
      },
      // Per 200k events stored: does the rate hold from the first to the last million?
      windows: perWindow(finished, rss, started, 200_000),
      appPeakRssMb: peakMb,
      // CPU microseconds per event stored, by process: where the two cores went.
      cpuMicrosecondsPerEvent: {
        app: Math.round((cpu.app / done) * 1e6),
        postgres: cpu.postgres === null ? null : Math.round((cpu.postgres / done) * 1e6),
        benchClient: Math.round((cpu.client / done) * 1e6),
      },
      cpuCoresBusy: round((cpu.app + (cpu.postgres ?? 0) + cpu.client) / seconds),
      referenceWorkloadMs: { before: referenceBefore, after: referenceAfter },
    };

    const statements = await statementStats(database.url, "read");
    const hostile = await benchHostile(running.url, WRITE_KEY);
    const importer = options.skipImport ? null : await benchImporter(handle.db, project, forImporter);
    return {
      mix: options.mix,
      http,
      waits: waited,
      hostile,
      statements,
      importer,
      postgres: await postgresSettings(database.url),
    };
  } finally {
    await app?.stopAndWait();
    await handle.close();
    database.stop();
  }
}

async function benchImporter(
  db: Parameters<typeof importRecords>[0],
  project: Parameters<typeof importRecords>[1],
  messages: unknown[],
) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "loupe-bench-")), "events.ndjson");
  // Fresh message ids: the HTTP run already stored these messages.
  fs.writeFileSync(
    file,
    messages.map((m, i) => JSON.stringify({ ...(m as object), messageId: `imp-${i}` })).join("\n"),
  );
  const time = async (label: string, run: () => Promise<{ lines: number; accepted: number }>) => {
    const started = performance.now();
    const summary = await run();
    const seconds = (performance.now() - started) / 1000;
    console.log(`${label}: ${summary.lines} lines in ${seconds.toFixed(1)}s`);
    return {
      lines: summary.lines,
      accepted: summary.accepted,
      seconds: round(seconds),
      linesPerSecond: Math.round(summary.lines / seconds),
    };
  };
  try {
    const ndjson = await time("importer, NDJSON", () =>
      importRecords(db, project, readNdjson(openCounted(file).stream)),
    );
    const csv = await time("importer, simple_shop.csv", () =>
      importRecords(db, project, readCsv(openCounted(simpleShopCsv).stream, defaultCsvMapping)),
    );
    return { ndjson, csv };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

const EMPTY = Buffer.alloc(0);

type Window = { events: string; eventsPerSecond: number; p50: number; p95: number; p99: number; appRssMb: number };

/** The run cut into spans of `size` events stored: rate, batch latencies and app memory in each. */
function perWindow(
  finished: { at: number; events: number; ms: number }[],
  rss: { at: number; mb: number }[],
  started: number,
  size: number,
): Window[] {
  const windows: Window[] = [];
  let from = started;
  let stored = 0;
  let batch: { at: number; events: number; ms: number }[] = [];
  for (const done of finished) {
    batch.push(done);
    stored += done.events;
    const isLast = done === finished[finished.length - 1];
    if (stored - windows.length * size >= size || isLast) {
      const latencies = batch.map((b) => b.ms).sort((a, b) => a - b);
      const events = batch.reduce((sum, b) => sum + b.events, 0);
      const memory = rss.filter((r) => r.at >= from && r.at <= done.at).map((r) => r.mb);
      windows.push({
        events: `${Math.round((stored - events) / 1000)}k–${Math.round(stored / 1000)}k`,
        eventsPerSecond: Math.round(events / ((done.at - from) / 1000)),
        p50: round(percentile(latencies, 0.5)),
        p95: round(percentile(latencies, 0.95)),
        p99: round(percentile(latencies, 0.99)),
        appRssMb: memory.length > 0 ? Math.max(...memory) : 0,
      });
      from = done.at;
      batch = [];
    }
  }
  return windows;
}

/**
 * What the database's sessions were doing while the run went: pg_stat_activity sampled every
 * 100 ms, each client backend counted by its state and wait event ("active: CPU" when running
 * without a wait). Shares of all samples; the top ones say where time went that was not work.
 */
function sampleWaits(url: string) {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ state: string | null; type: string | null; event: string | null }>(
        `select state, wait_event_type as type, wait_event as event from pg_stat_activity
         where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
      );
      samples++;
      for (const row of rows) {
        const key =
          row.state === "active"
            ? `active: ${row.type ? `${row.type}/${row.event}` : "CPU"}`
            : `${row.state ?? "?"}${row.type && row.type !== "Client" ? `: ${row.type}/${row.event}` : ""}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.end();
  })().catch(() => {});
  return {
    async stop() {
      running = false;
      await loop;
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([state, n]) => ({ state, sessionsOnAverage: round(n / Math.max(1, samples)) }));
    },
  };
}

/**
 * This machine's speed at the moment, as the time of a fixed CPU-bound job (parsing and
 * serializing one request body 200 times, on this process alone). Shared machines vary by tens of
 * percent from hour to hour: runs are comparable only when this figure is close.
 */
function referenceWorkloadMs(body: string): number {
  const started = performance.now();
  for (let i = 0; i < 200; i++) JSON.stringify(JSON.parse(body));
  return round(performance.now() - started);
}
