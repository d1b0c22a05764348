// Writes the benchmark data set straight into the real schema: dimension tables with
// generate_series, events with COPY one UTC day per transaction. Every step is recorded in
// bench_dataset, so an interrupted generation (100M takes long) resumes where it stopped.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openDatabase } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { personStatsFirstColumns } from "@/db/schema";
import { ensurePartitions } from "@/lib/ingest/partitions";
import { progressBar } from "../cli";
import {
  COPY_COLUMNS,
  DAY_MS,
  type DatasetSpec,
  datasetShape,
  dayRows,
  eventNames,
  eventsOnDay,
  plantedDeploys,
} from "./dataset-events";
import { round } from "./stats";

const BENCH_SLUG = "bench";

/** A fixed end, so the data set is the same whatever day it is generated (90 days before it). */
export const DATASET_END = Date.UTC(2026, 10, 1);

/** Generates what is missing of the data set (nothing when it is complete). Returns its project id. */
export async function ensureDataset(
  url: string,
  spec: DatasetSpec,
): Promise<{ projectId: number; steps: Record<string, number> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      "create table if not exists bench_dataset (step text primary key, detail jsonb, done_at timestamptz not null default now())",
    );
    const done = new Map<string, unknown>(
      (await client.query("select step, detail from bench_dataset")).rows.map((r) => [r.step, r.detail]),
    );
    const stored = done.get("spec") as DatasetSpec | undefined;
    const same = (a: DatasetSpec, b: DatasetSpec) =>
      a.events === b.events && a.seed === b.seed && a.days === b.days && a.endMs === b.endMs;
    if (stored && !same(stored, spec)) {
      throw new Error(
        `this database holds another data set (${JSON.stringify(stored)}); run with --fresh to replace it`,
      );
    }
    if (!stored) await client.query("insert into bench_dataset (step, detail) values ('spec', $1)", [spec]);
    // Always: a data set generated before a new migration gets it, as an upgraded install would.
    await migrate(url, spec);
    if (done.has("vacuum")) return { projectId: await projectIdOf(client), steps: await stepTimes(client) };

    const shape = datasetShape(spec);
    console.log(
      `Generating ${spec.events.toLocaleString("en")} events, ${shape.persons.toLocaleString("en")} persons, ` +
        `${shape.accounts.toLocaleString("en")} accounts over ${spec.days} days (resumable: run again to continue).`,
    );
    if (!done.has("setup")) await step(client, "setup", () => setup(client, spec));
    const projectId = await projectIdOf(client);
    if (!done.has("persons")) await step(client, "persons", () => writePersons(client, projectId, spec));
    await writeEvents(client, projectId, spec, done);
    if (!done.has("indexes")) await step(client, "indexes", () => rebuildIndexes(url, client), { transaction: false });
    if (!done.has("rollups")) await step(client, "rollups", () => writeRollups(client, projectId));
    // VACUUM cannot run inside a transaction block.
    await step(client, "vacuum", () => client.query("vacuum (analyze)").then(() => {}), { transaction: false });
    return { projectId, steps: await stepTimes(client) };
  } finally {
    await client.end();
  }
}

/**
 * Runs one generation step and records it with its duration, in one transaction with its work
 * (all or nothing), or after it for work that commits as it goes (`transaction: false`: index
 * builds, VACUUM).
 */
async function step(client: pg.Client, name: string, run: () => Promise<void>, { transaction = true } = {}) {
  const started = performance.now();
  process.stdout.write(`${name}… `);
  if (transaction) await client.query("begin");
  try {
    await run();
    const seconds = (performance.now() - started) / 1000;
    await client.query("insert into bench_dataset (step, detail) values ($1, $2)", [name, { seconds }]);
    if (transaction) await client.query("commit");
    console.log(`${seconds.toFixed(1)} s`);
  } catch (error) {
    if (transaction) await client.query("rollback");
    throw error;
  }
}

async function projectIdOf(client: pg.Client): Promise<number> {
  const { rows } = await client.query("select id from projects where slug = $1", [BENCH_SLUG]);
  if (!rows[0]) throw new Error("the benchmark project is missing: run with --fresh");
  return rows[0].id;
}

/** The app's migrations and the monthly partitions of the data set's 90 days. */
async function migrate(url: string, spec: DatasetSpec) {
  const handle = await openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    await runMigrations(handle);
    const start = spec.endMs - spec.days * DAY_MS;
    await ensurePartitions(
      handle.db,
      Array.from({ length: spec.days }, (_, d) => new Date(start + d * DAY_MS).toISOString()),
    );
  } finally {
    await handle.close();
  }
}

/**
 * Project, event names, deploys; then the events indexes are dropped (their definitions saved in
 * bench_dataset) so COPY does not maintain them row by row.
 */
async function setup(client: pg.Client, spec: DatasetSpec) {
  const { rows } = await client.query(
    "insert into projects (slug, name, time_zone) values ($1, 'Benchmark', 'UTC') returning id",
    [BENCH_SLUG],
  );
  const projectId = rows[0].id as number;
  await client.query(
    `insert into event_definitions (project_id, name, last_received_at)
     select $1, name, $2 from unnest($3::text[]) as name`,
    [projectId, new Date(spec.endMs).toISOString(), eventNames],
  );
  for (const deploy of plantedDeploys(spec).deploys) {
    await client.query(
      `insert into deploys (project_id, timestamp, service, version, environment, description)
       values ($1, $2, $3, $4, 'production', $5)`,
      [projectId, deploy.timestamp, deploy.service, deploy.version, deploy.description],
    );
  }
  const indexes = await client.query(
    "select indexname, indexdef from pg_indexes where tablename = 'events' and schemaname = current_schema()",
  );
  await client.query("insert into bench_dataset (step, detail) values ('saved_indexes', $1)", [
    JSON.stringify(indexes.rows),
  ]);
  for (const index of indexes.rows) await client.query(`drop index if exists ${pg.escapeIdentifier(index.indexname)}`);
}

/** Seconds per generation step (events: all days summed), as recorded. */
async function stepTimes(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query(
    `select case when step like 'day-%' then 'events' else step end as step, sum((detail->>'seconds')::float8) as seconds
     from bench_dataset where detail ? 'seconds' group by 1`,
  );
  const order = ["setup", "persons", "events", "indexes", "rollups", "vacuum"];
  const steps = Object.fromEntries(
    order.flatMap((name) => {
      const row = rows.find((r) => r.step === name);
      return row ? [[name, round(row.seconds)]] : [];
    }),
  );
  return { ...steps, total: round(Object.values(steps).reduce((sum, n) => sum + n, 0)) };
}

/**
 * Persons, their distinct ids (a<id> for everyone, u<id> once identified, m<id> for the identity
 * merged into them), merges, accounts and memberships: the same rules as personTraits.
 */
async function writePersons(client: pg.Client, projectId: number, spec: DatasetSpec) {
  const { persons, accounts, mergedEvery } = datasetShape(spec);
  const params = [projectId, persons];
  await client.query(
    `insert into persons (id, project_id, properties, is_identified)
     select g, $1::int, jsonb_build_object('plan', (array['free','team','business','enterprise'])[1 + (g * 13) % 4],
                                      'signup_day', g % 90)
              || case when (g * 7) % 10 < 6 then jsonb_build_object('email', 'user' || g || '@example.com') else '{}' end,
            (g * 7) % 10 < 6
     from generate_series(1, $2::bigint) g`,
    params,
  );
  await client.query(`select setval('persons_id_seq', $1::bigint * 2)`, [persons]);
  await client.query(
    `insert into person_distinct_ids (project_id, distinct_id, person_id)
     select $1::int, 'a' || g, g from generate_series(1, $2::bigint) g
     union all select $1::int, 'u' || g, g from generate_series(1, $2::bigint) g where (g * 7) % 10 < 6
     union all select $1::int, 'm' || g, g from generate_series(1, $2::bigint) g where g % $3 = 7`,
    [...params, mergedEvery],
  );
  await client.query(
    `insert into person_merges (project_id, from_person_id, to_person_id)
     select $1::int, $2::bigint + g, g from generate_series(1, $2::bigint) g where g % $3 = 7`,
    [...params, mergedEvery],
  );
  await client.query(
    `insert into accounts (id, project_id, group_id, traits)
     select g, $1::int, 'acct-' || g, jsonb_build_object('name', 'Account ' || g,
            'plan', (array['free','team','business','enterprise'])[1 + (g * 7) % 4], 'mrr', (g * 37) % 2000)
     from generate_series(1, $2::bigint) g`,
    [projectId, accounts],
  );
  await client.query(`select setval('accounts_id_seq', $1::bigint)`, [accounts]);
  await client.query(
    // Skewed like real B2B data: a tenth of the members in five large accounts (acct-1…5, ~3,000
    // members each at 1M persons), acct-1 also holding the extreme users; the rest spread evenly.
    `insert into account_members (project_id, person_id, account_id)
     select $1::int, g, case when g % 40 = 0 then 1 + (g / 40) % 5 else 1 + g % $3 end
     from generate_series(1, $2::bigint) g where g % 4 = 0 and (g * 7) % 10 < 6
     union all select $1::int, g, 1 from generate_series(1, 5) g`,
    [...params, accounts],
  );
}

/** One COPY per day, committed with its step: a resumed run starts at the first missing day. */
async function writeEvents(client: pg.Client, projectId: number, spec: DatasetSpec, done: Map<string, unknown>) {
  const { rows } = await client.query("select id, name from event_definitions where project_id = $1", [projectId]);
  const eventIds = new Map<string, number>(rows.map((r) => [r.name, r.id]));
  const bar = progressBar("events (COPY)");
  const days = Array.from({ length: spec.days }, (_, d) => d);
  const already = days.filter((d) => done.has(`day-${d}`)).reduce((sum, d) => sum + eventsOnDay(spec, d), 0);
  bar.start(spec.events, already, { rate: 0 });
  const started = performance.now();
  let written = 0;
  for (const day of days) {
    if (done.has(`day-${day}`)) continue;
    const dayStarted = performance.now();
    await client.query("begin");
    const copy = client.query(copyFrom(`copy events (${COPY_COLUMNS.join(", ")}) from stdin`));
    async function* chunks() {
      let lines: string[] = [];
      for (const line of dayRows(spec, projectId, eventIds, day)) {
        lines.push(line);
        if (lines.length === 5_000) {
          yield `${lines.join("\n")}\n`;
          written += lines.length;
          bar.update(already + written, { rate: Math.round(written / ((performance.now() - started) / 1000)) });
          lines = [];
        }
      }
      if (lines.length > 0) yield `${lines.join("\n")}\n`;
      written += lines.length;
    }
    await pipeline(Readable.from(chunks()), copy);
    await client.query("insert into bench_dataset (step, detail) values ($1, $2)", [
      `day-${day}`,
      { seconds: (performance.now() - dayStarted) / 1000 },
    ]);
    await client.query("commit");
  }
  bar.update(spec.events, { rate: Math.round(written / ((performance.now() - started) / 1000)) });
  bar.stop();
}

async function rebuildIndexes(url: string, client: pg.Client) {
  const { rows } = await client.query("select detail from bench_dataset where step = 'saved_indexes'");
  const indexes = (rows[0]?.detail ?? []) as { indexname: string; indexdef: string }[];
  await client.query("set maintenance_work_mem = '1GB'");
  // Minutes at 100M: a progress bar from pg_stat_progress_create_index (blocks of the partition
  // being read), one bar per index.
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  try {
    // pg_indexes shows a partitioned index as "ON ONLY events": without ONLY it is built on every
    // partition. Each index commits on its own: a resumed run skips the valid ones and rebuilds
    // one left invalid by an interruption.
    for (const index of indexes) {
      const valid = await client.query("select 1 from pg_index where indexrelid = to_regclass($1) and indisvalid", [
        index.indexname,
      ]);
      if (valid.rowCount === 1) continue;
      const bar = progressBar(index.indexname);
      bar.start(100, 0, { rate: "-" });
      const poll = setInterval(async () => {
        const progress = await watcher
          .query(
            "select partitions_total, partitions_done, blocks_total, blocks_done from pg_stat_progress_create_index where pid = $1",
            [(client as unknown as { processID: number }).processID],
          )
          .catch(() => null);
        const p = progress?.rows[0];
        if (!p) return;
        const partitions = Math.max(1, Number(p.partitions_total));
        const within = Number(p.blocks_total) > 0 ? Number(p.blocks_done) / Number(p.blocks_total) : 0;
        bar.update(Math.min(99, Math.round(((Number(p.partitions_done) + within) / partitions) * 100)));
      }, 1_000);
      try {
        await client.query(`drop index if exists ${pg.escapeIdentifier(index.indexname)}`);
        await client.query(index.indexdef.replace(" ON ONLY ", " ON "));
      } finally {
        clearInterval(poll);
        bar.update(100);
        bar.stop();
      }
    }
  } finally {
    await watcher.end();
  }
}

/** The hourly counts, freshness and person activity the ingestion writer would have maintained. */
async function writeRollups(client: pg.Client, projectId: number) {
  await client.query(
    `insert into person_stats (project_id, person_id, first_seen, last_seen, event_count)
     select project_id, person_id, min(timestamp), max(timestamp), count(*) from events where project_id = $1 group by 1, 2
     on conflict do nothing`,
    [projectId],
  );
  // The first event's columns: min() over the events at first_seen (lib/ingest/person-stats.ts).
  const firsts = personStatsFirstColumns;
  await client.query(
    `update person_stats s set ${firsts.map((c) => `first_${c} = f.${c}`).join(", ")}
     from (select e.person_id, ${firsts.map((c) => `min(e.${c}) as ${c}`).join(", ")}
           from events e join person_stats p on p.project_id = e.project_id and p.person_id = e.person_id
             and e.timestamp = p.first_seen
           where e.project_id = $1 group by 1) f
     where s.project_id = $1 and s.person_id = f.person_id`,
    [projectId],
  );
  await client.query(
    `insert into person_days (project_id, person_id, day)
     select distinct e.project_id, e.person_id, (e.timestamp at time zone p.time_zone)::date
     from events e join projects p on p.id = e.project_id where e.project_id = $1
     on conflict do nothing`,
    [projectId],
  );
  await client.query(
    `insert into event_counts_hourly (project_id, event_id, hour, count, delta)
     select project_id, event_id, date_trunc('hour', timestamp, 'UTC'), count(*), false
     from events where project_id = $1 group by 1, 2, 3`,
    [projectId],
  );
  await client.query(
    `update event_definitions d set last_received_at = x.at
     from (select event_id, max(received_at) as at from events where project_id = $1 group by 1) x
     where d.id = x.event_id`,
    [projectId],
  );
}
