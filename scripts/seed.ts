// npm run seed -- --project demo --events 200000 --seed 42
import { parseArgs } from "node:util";
import { connectionOptionsFromEnv, openDatabase } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { seedDemo } from "@/lib/demo/seed-demo";
import { fail, parseCount, progressBar } from "./cli";

const { values } = parseArgs({
  options: {
    project: { type: "string", default: "demo" },
    events: { type: "string", default: "200000" },
    seed: { type: "string", default: "42" },
    end: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log("usage: npm run seed -- [--project demo] [--events 200000] [--seed 42] [--end ISO-instant]");
  process.exit(0);
}
const events = parseCount(values.events);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail("--seed must be an integer");
const end = values.end ? new Date(values.end) : undefined;
if (end && Number.isNaN(end.getTime())) fail("--end must be an ISO 8601 instant");

const database = await openDatabase(connectionOptionsFromEnv()).catch((e: Error) => fail(e.message));
await runMigrations(database);
const bar = progressBar("seeding");
const started = Date.now();
let rate = 0;
const summary = await seedDemo(database.db, {
  slug: values.project,
  events,
  seed,
  end,
  onStart: (total) => bar.start(total, 0, { rate: 0 }),
  onProgress: (written) => {
    rate = Math.round(written / ((Date.now() - started) / 1000));
    bar.update(Math.min(written, bar.getTotal()), { rate });
    if (written > bar.getTotal()) bar.setTotal(written);
  },
});
bar.stop();
await database.close();
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `project "${summary.project.slug}": ${summary.accepted} events stored, ${summary.duplicates} already there, ` +
    `${summary.users} simulated people, ${summary.deploys} deploys, in ${seconds}s on ${database.driver} (${database.location})`,
);
