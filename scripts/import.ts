// npm run import -- --project <slug> --file <path> [--format ndjson|csv] [--user-column user_id]
//   [--event-column event] [--timestamp-column timestamp] [--anonymous-column c] [--property-columns a,b]
import path from "node:path";
import { parseArgs } from "node:util";
import { connectionOptionsFromEnv, openDatabase } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { importRecords } from "@/lib/ingest/import/import-file";
import { defaultCsvMapping, openCounted, readCsv, readNdjson } from "@/lib/ingest/import/sources";
import { getProjectBySlug } from "@/lib/projects/projects";
import { fail, progressBar } from "./cli";

const { values } = parseArgs({
  options: {
    project: { type: "string" },
    file: { type: "string" },
    format: { type: "string" },
    "user-column": { type: "string", default: defaultCsvMapping.userColumn },
    "event-column": { type: "string", default: defaultCsvMapping.eventColumn },
    "timestamp-column": { type: "string", default: defaultCsvMapping.timestampColumn },
    "anonymous-column": { type: "string" },
    "property-columns": { type: "string" },
  },
});
if (!values.project || !values.file)
  fail("usage: npm run import -- --project <slug> --file <path.ndjson|path.csv> (see docs/import.md)");
const format =
  values.format ?? (/\.csv$/i.test(values.file) ? "csv" : /\.(nd)?jsonl?$/i.test(values.file) ? "ndjson" : null);
if (format !== "csv" && format !== "ndjson") fail("say --format csv or --format ndjson (the file name does not tell)");

let source: ReturnType<typeof openCounted>;
try {
  source = openCounted(path.resolve(values.file));
} catch (error) {
  fail(`cannot read ${values.file}: ${(error as Error).message}`);
}
const database = await openDatabase(connectionOptionsFromEnv()).catch((e: Error) => fail(e.message));
await runMigrations(database);
const project = await getProjectBySlug(database.db, values.project);
if (!project) fail(`no project "${values.project}" (create it with: npm run project -- create ${values.project})`);

const records =
  format === "csv"
    ? readCsv(source.stream, {
        userColumn: values["user-column"],
        eventColumn: values["event-column"],
        timestampColumn: values["timestamp-column"],
        anonymousColumn: values["anonymous-column"],
        propertyColumns: values["property-columns"]
          ?.split(",")
          .map((c) => c.trim())
          .filter(Boolean),
      })
    : readNdjson(source.stream);

const bar = progressBar(`importing ${path.basename(values.file)}`);
bar.start(source.size, 0, { rate: 0 });
const started = Date.now();
try {
  const summary = await importRecords(database.db, project, records, (s) =>
    bar.update(source.bytesRead(), { rate: Math.round(s.lines / ((Date.now() - started) / 1000)) }),
  );
  bar.update(source.size);
  bar.stop();
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${summary.lines} lines in ${seconds.toFixed(1)}s (${Math.round(summary.lines / seconds)} lines/s): ` +
      `${summary.accepted} stored, ${summary.duplicates} already there, ${summary.rejected} rejected`,
  );
  for (const [code, n] of Object.entries(summary.reasons)) console.log(`  rejected ${code}: ${n}`);
  for (const e of summary.examples) console.log(`  line ${e.line}: ${e.code}: ${e.message}`);
} catch (error) {
  bar.stop();
  fail(`${(error as Error).message} (nothing after the last completed batch was stored; run again to resume)`);
} finally {
  await database.close();
}
