// npm run bench -- ingest [--events 200k] [--concurrency 8] [--batch 250]
// Each mode is a file in scripts/bench/; results print as a table and are saved as JSON under
// bench-results/ (git-ignored). docs/benchmarks.md keeps the latest figures and the command.
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { benchIngest } from "./bench/ingest";
import { fail, parseCount } from "./cli";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    events: { type: "string", default: "200k" },
    concurrency: { type: "string", default: "8" },
    batch: { type: "string", default: "250" },
  },
});
const mode = positionals[0] ?? "ingest";
if (mode !== "ingest") fail(`unknown benchmark "${mode}": available: ingest (query benchmarks: issue #4)`);

const result = await benchIngest({
  events: parseCount(values.events),
  concurrency: Number(values.concurrency),
  batch: Number(values.batch),
});
const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? "?",
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
};
console.table({
  "HTTP /v1/batch": {
    "events/s": result.http.eventsPerSecond,
    events: result.http.events,
    seconds: result.http.seconds,
    "p50 ms": result.http.batchLatencyMs.p50,
    "p95 ms": result.http.batchLatencyMs.p95,
    "app peak MB": result.http.appPeakRssMb,
  },
  "importer NDJSON": {
    "events/s": result.importer.ndjson.linesPerSecond,
    events: result.importer.ndjson.lines,
    seconds: result.importer.ndjson.seconds,
  },
  ...(result.importer.csv && {
    "importer simple_shop.csv": {
      "events/s": result.importer.csv.linesPerSecond,
      events: result.importer.csv.lines,
      seconds: result.importer.csv.seconds,
    },
  }),
});
if (result.statements.length > 0) {
  console.log("PostgreSQL time by statement during the HTTP run (pg_stat_statements):");
  console.table(result.statements);
}
fs.mkdirSync("bench-results", { recursive: true });
const file = `bench-results/ingest-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
fs.writeFileSync(file, JSON.stringify({ mode, argv: process.argv.slice(2), machine, ...result }, null, 2));
console.log(`saved ${file}`);
