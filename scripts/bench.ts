// npm run bench -- [--events 10M] [--only trend,top | --only "<a case's whole name>"] [--runs 5] [--pg work_mem=4MB] [--fresh]
//   Query benchmark: generates the data set once (resumable), then times every query case.
// npm run bench -- ingest [--mix realistic|light] [--events 2M] [--concurrency 8] [--batch 250] [--writers N] [--skip-import]
//   Ingestion throughput through POST /v1/batch and the importer (needs `npm run build`): the
//   realistic stream (2M events by default) or the light demo stream (200k by default).
// npm run bench -- auth [--requests 2000]
//   What a session check costs: in process, and over HTTP next to a secret key (needs `npm run build`).
// Results print as a table and are saved as JSON under bench-results/ (git-ignored);
// docs/benchmarks.md keeps the latest figures and the commands.
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { benchAuth } from "./bench/auth";
import { DATASET_END, ensureDataset } from "./bench/dataset";
import { datasetShape } from "./bench/dataset-events";
import { benchIngest } from "./bench/ingest";
import { benchDatabase, postgresSettings } from "./bench/postgres";
import { queryCases } from "./bench/queries";
import { benchQueries, type QueryFigures } from "./bench/run-queries";
import { fail, parseCount } from "./cli";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    events: { type: "string" },
    only: { type: "string" },
    runs: { type: "string", default: "5" },
    pg: { type: "string" },
    fresh: { type: "boolean", default: false },
    seed: { type: "string", default: "7" },
    concurrency: { type: "string", default: "8" },
    batch: { type: "string", default: "250" },
    writers: { type: "string" },
    "skip-import": { type: "boolean", default: false },
    mix: { type: "string", default: "realistic" },
    requests: { type: "string", default: "2000" },
  },
});
const mode = positionals[0] ?? "queries";
if (!["queries", "ingest", "auth"].includes(mode)) {
  fail(`unknown benchmark "${mode}": available: queries (default), ingest, auth`);
}

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? "?",
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
};
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
fs.mkdirSync("bench-results", { recursive: true });

if (mode === "ingest") await ingest();
else if (mode === "auth") await auth();
else await queries();

async function auth() {
  const result = await benchAuth({ requests: wholeNumber("--requests", values.requests) });
  console.log(`The session check in process (sessionUser + projectAccess), ${result.requests} times:`);
  console.table({ "in process": result.inProcess });
  console.log("GET …/settings over HTTP, one request at a time, interleaved:");
  console.table(result.http);
  console.log(`A session costs ${result.sessionOverKeyMs} ms more than a secret key per request (medians).`);
  const file = `bench-results/auth-${stamp}.json`;
  fs.writeFileSync(file, JSON.stringify({ machine, ...result }, null, 2));
  console.log(`Saved ${file}`);
}

async function queries() {
  const events = count("--events", values.events ?? "1M");
  const runs = wholeNumber("--runs", values.runs);
  // Prefixes of case names, comma-separated; a whole name (which may hold commas) names its case.
  const whole = values.only?.trim().toLowerCase();
  const named = queryCases.filter((c) => c.name.toLowerCase() === whole);
  const only = values.only?.split(",").map((s) => s.trim().toLowerCase());
  const cases =
    named.length > 0
      ? named
      : only
        ? queryCases.filter((c) => only.some((o) => c.name.toLowerCase().startsWith(o)))
        : queryCases;
  if (cases.length === 0)
    fail(`--only matched no query; the queries are:\n  ${queryCases.map((c) => c.name).join("\n  ")}`);
  const seed = wholeNumber("--seed", values.seed, 0);
  const spec = { events, seed, days: 90, endMs: DATASET_END };
  const size = values.events?.toLowerCase() ?? "1m";

  const database = await benchDatabase(`loupe_bench_${size.replace(/[^a-z0-9]/g, "")}_s${spec.seed}`, !values.fresh);
  try {
    const generated = await ensureDataset(database.url, spec);
    console.log(`Data set generation, seconds per step: ${JSON.stringify(generated.steps)}`);
    // --pg name=value,…: session settings for the timed connections (work_mem, jit, parallel workers…).
    const settings = values.pg?.split(",").map((kv) => kv.trim()) ?? [];
    const url = new URL(database.url);
    if (settings.length > 0) url.searchParams.set("options", settings.map((s) => `-c ${s}`).join(" "));
    console.log(
      `Timing ${cases.length} queries, ${runs} warm runs each${settings.length ? ` (${settings.join(", ")})` : ""}.`,
    );
    const plansDir = `bench-results/queries-${size}-${stamp}`;
    const failures: { name: string; error: string }[] = [];
    const results = await benchQueries({
      url: url.toString(),
      slug: "bench",
      end: spec.endMs,
      dataset: { persons: datasetShape(spec).persons },
      cases,
      runs,
      plansDir,
      onCase: (f) => console.log(`  ${f.name}: median ${f.medianMs} ms, p95 ${f.p95Ms} ms`),
      onFailure: (name, error) => {
        // A driver's "Failed query: <the SQL>" says what ran; its cause says what went wrong.
        const message = `${error.message.split("\n")[0]?.slice(0, 200)}${error.cause instanceof Error ? ` — ${error.cause.message}` : ""}`;
        console.error(`  ✗ ${name}: ${message}`);
        failures.push({ name, error: message });
      },
    });
    if (failures.length > 0) process.exitCode = 1;
    console.table(Object.fromEntries(results.map((r) => [r.name, tableRow(r)])));
    console.log(`\nFor docs/benchmarks.md (${events.toLocaleString("en")} events):\n${markdownTable(results)}\n`);
    const file = `${plansDir}.json`;
    const postgres = { ...(await postgresSettings(url.toString())) };
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          mode,
          argv: process.argv.slice(2),
          machine,
          dataset: { ...spec, ...datasetShape(spec), generationSeconds: generated.steps },
          postgres,
          sessionSettings: settings,
          queries: results,
          failures,
        },
        null,
        2,
      ),
    );
    console.log(`saved ${file} (EXPLAIN ANALYZE plans in ${plansDir}/)`);
  } finally {
    database.stop();
  }
}

/** A CLI count ("10M", "200k"), or a one-line error. */
function count(flag: string, value: string): number {
  try {
    return parseCount(value);
  } catch (error) {
    fail(`${flag}: ${(error as Error).message}`);
  }
}

function wholeNumber(flag: string, value: string | undefined, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`${flag} must be a whole number ≥ ${min}, not "${value}"`);
  return n;
}

function tableRow(r: QueryFigures) {
  return {
    "median ms": r.medianMs,
    "p95 ms": r.p95Ms,
    target: r.targetMs === null ? "" : `≤ ${r.targetMs}${r.medianMs <= r.targetMs ? " ✓" : " ✗"}`,
    "rows scanned": r.rowsScanned,
    "buffers hit/read": `${r.sharedHitBlocks}/${r.sharedReadBlocks}`,
    "peak MB": r.peakRssMb,
  };
}

function markdownTable(results: QueryFigures[]): string {
  const lines = ["| query | median | p95 | target | rows scanned | buffers hit / read |", "|---|---|---|---|---|---|"];
  for (const r of results) {
    const row = tableRow(r);
    lines.push(
      `| ${r.name} | ${r.medianMs} ms | ${r.p95Ms} ms | ${row.target} | ${r.rowsScanned.toLocaleString("en")} | ${row["buffers hit/read"]} |`,
    );
  }
  return lines.join("\n");
}

async function ingest() {
  const mix = values.mix;
  if (mix !== "realistic" && mix !== "light") fail(`--mix must be realistic or light, not "${mix}"`);
  const result = await benchIngest({
    mix,
    events: count("--events", values.events ?? (mix === "light" ? "200k" : "2M")),
    concurrency: wholeNumber("--concurrency", values.concurrency),
    batch: wholeNumber("--batch", values.batch),
    writers: values.writers === undefined ? undefined : wholeNumber("--writers", values.writers),
    skipImport: values["skip-import"],
  });
  console.table({
    "HTTP /v1/batch": {
      "events/s": result.http.eventsPerSecond,
      events: result.http.events,
      seconds: result.http.seconds,
      "p50 ms": result.http.batchLatencyMs.p50,
      "p95 ms": result.http.batchLatencyMs.p95,
      "p99 ms": result.http.batchLatencyMs.p99,
      "app peak MB": result.http.appPeakRssMb,
    },
    ...(result.importer && {
      "importer NDJSON": {
        "events/s": result.importer.ndjson.linesPerSecond,
        events: result.importer.ndjson.lines,
        seconds: result.importer.ndjson.seconds,
      },
    }),
    ...(result.importer?.csv && {
      "importer simple_shop.csv": {
        "events/s": result.importer.csv.linesPerSecond,
        events: result.importer.csv.lines,
        seconds: result.importer.csv.seconds,
      },
    }),
  });
  console.log(`Per 200k events stored (${result.mix} mix):`);
  console.table(result.http.windows);
  console.log("What the database sessions were doing (pg_stat_activity every 100 ms, sessions on average):");
  console.table(result.waits);
  console.log("The worst requests a write key can send (answer time, slowest /api/health while it ran):");
  console.table(result.hostile);
  const perEvent = result.http.cpuMicrosecondsPerEvent;
  console.log(
    `CPU per event stored: app ${perEvent.app} µs, PostgreSQL ${perEvent.postgres ?? "? (server not on this machine)"} µs, bench client ${perEvent.benchClient} µs ` +
      `(${result.http.cpuCoresBusy} of ${os.cpus().length} cores busy on average).`,
  );
  const reference = result.http.referenceWorkloadMs;
  console.log(
    `Machine speed reference: ${reference.before} ms before, ${reference.after} ms after the HTTP run ` +
      "(a fixed JSON job; lower is faster; compare runs only at similar values).",
  );
  if (result.statements.length > 0) {
    console.log("PostgreSQL time by statement during the HTTP run (pg_stat_statements):");
    console.table(result.statements);
  }
  const file = `bench-results/ingest-${stamp}.json`;
  fs.writeFileSync(file, JSON.stringify({ mode, argv: process.argv.slice(2), machine, ...result }, null, 2));
  console.log(`saved ${file}`);
}
