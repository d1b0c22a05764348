import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase, rows } from "@/db/connect";
import { getAccount, getAccountEvents } from "@/lib/accounts/get-account";
import { getAccountActivity } from "@/lib/accounts/get-account-activity";
import { getAccounts } from "@/lib/accounts/get-accounts";
import { accountActivityParamsSchema, accountListParamsSchema } from "@/lib/accounts/params";
import { queryParamsSchema, runQuery } from "@/lib/analytics/run-query";
import { seedDemo } from "@/lib/demo/seed-demo";
import { getPerson, getPersonEvents } from "@/lib/persons/get-person";
import { getPersons } from "@/lib/persons/get-persons";
import { personListParamsSchema, timelineParamsSchema } from "@/lib/persons/params";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { getProjectBySlug, type Project } from "@/lib/projects/projects";
import { createTestDatabase, onCitus } from "../support/database";

/**
 * On Citus, every analysis is pushed down (docs/architecture.md#scaling-out-on-citus): each
 * statement a query kind runs is EXPLAINed on the cluster, and its plan must do the per-person
 * work inside the shards' tasks: no repartition join, no window over events on the coordinator
 * (where a kind does one on purpose, over rows it has already reduced, `coordinatorWindows` says
 * which and why). Runs only against a Citus coordinator (TEST_DATABASE_URL with citus).
 */
const citus = await onCitus();
const describeOnCitus = citus ? describe : describe.skip;

let server: Awaited<ReturnType<typeof createTestDatabase>>;
let logged: Database;
let project: Project;
let statements: { query: string; params: unknown[] }[] = [];
const end = new Date("2026-12-01T12:00:00Z");
const from = "2026-11-01T00:00:00.000Z";
const to = "2026-12-01T00:00:00.000Z";

beforeAll(async () => {
  if (!citus) return;
  server = await createTestDatabase();
  await seedDemo(server.db, { slug: "demo", events: 20_000, seed: 42, end });
  logged = await openDatabase({
    databaseUrl: server.url,
    poolSize: 2,
    logger: { logQuery: (query, params) => statements.push({ query, params }) },
  });
  project = (await getProjectBySlug(logged.db, "demo")) as Project;
}, 300_000);
afterAll(async () => {
  if (!citus) return;
  await logged.close();
  await server.drop();
});

/** Runs `run`, then EXPLAINs every statement it made that reads a distributed table. */
async function plansOf(run: () => Promise<unknown>): Promise<{ query: string; plan: string }[]> {
  statements = [];
  await run();
  const reads = statements.filter(
    (s) =>
      /^\s*(with|select)\b/i.test(s.query) &&
      /\b(events|person_days|person_stats|persons|person_distinct_ids|account_members|event_counts_hourly)\b/.test(
        s.query,
      ),
  );
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const plans = [];
    for (const s of reads) {
      const result = await client.query(`explain (costs off) ${s.query}`, s.params);
      plans.push({ query: s.query, plan: result.rows.map((r) => r["QUERY PLAN"]).join("\n") });
    }
    return plans;
  } finally {
    await client.end();
  }
}

/** The plan's nodes outside every Task (what the coordinator runs itself). */
function coordinatorNodes(plan: string): string[] {
  const nodes: string[] = [];
  let taskIndent: number | null = null;
  for (const line of plan.split("\n")) {
    const indent = line.search(/\S/);
    if (taskIndent !== null && indent <= taskIndent) taskIndent = null;
    if (taskIndent === null && /->\s+Task\b/.test(line)) {
      taskIndent = indent;
      continue;
    }
    if (taskIndent === null) nodes.push(line.trim());
  }
  return nodes;
}

const insideTasks = (plan: string) => plan.split("\n").length - coordinatorNodes(plan).length;

// perPerson: a node of the per-person work that must run inside the shards (ordered and any: the
// best attempt's DISTINCT ON, a Unique; strict: its window pass).
type Case = { name: string; run: () => Promise<unknown>; perPerson?: RegExp; coordinatorWindows?: string };

const query = (body: Record<string, unknown>) => () => {
  const parsed = queryParamsSchema.safeParse(body);
  if (!parsed.success) throw new Error(`${body.kind}: ${parsed.error.message}`);
  return runQuery(logged.db, project, parsed.data, FULL_PII_ACCESS);
};
const steps = [{ event: "product_viewed" }, { event: "add_to_cart" }, { event: "purchase" }];
const series = [{ event: "product_viewed", measure: "persons" }];

const cases: Case[] = [
  { name: "trend", run: query({ kind: "trend", series, from, to }) },
  {
    name: "trend by breakdown",
    run: query({ kind: "trend", series: [{ event: "add_to_cart" }], from, to, breakdown: { property: "os" } }),
  },
  {
    name: "trend_persons",
    run: query({ kind: "trend_persons", series, from, to, seriesIndex: 0, bucket: "2026-11-10T00:00:00.000Z" }),
  },
  { name: "top_events", run: query({ kind: "top_events", from, to }) },
  { name: "event_catalog", run: query({ kind: "event_catalog" }) },
  { name: "property_values", run: query({ kind: "property_values", event: "add_to_cart", property: "os", from, to }) },
  { name: "funnel", run: query({ kind: "funnel", steps, from, to }), perPerson: /Unique/ },
  {
    name: "funnel by a person property, an optional step",
    run: query({
      kind: "funnel",
      steps: [{ event: "product_viewed" }, { event: "add_to_cart", optional: true }, { event: "purchase" }],
      from,
      to,
      breakdown: { property: "person.plan" },
    }),
    perPerson: /Unique/,
  },
  {
    name: "funnel strict",
    run: query({ kind: "funnel", steps, from, to, order: "strict" }),
    perPerson: /WindowAgg/,
  },
  {
    name: "funnel with an exclusion",
    run: query({ kind: "funnel", steps, from, to, exclusions: [{ event: "payment_failed", between: [2, 3] }] }),
    perPerson: /Unique/,
  },
  {
    name: "funnel strict by an event property",
    run: query({ kind: "funnel", steps, from, to, order: "strict", breakdown: { property: "app_version" } }),
    perPerson: /WindowAgg/,
  },
  {
    name: "funnel strict by an event property, with an exclusion",
    run: query({
      kind: "funnel",
      steps,
      from,
      to,
      order: "strict",
      exclusions: [{ event: "payment_failed", between: [2, 3] }],
      breakdown: { property: "app_version" },
    }),
    perPerson: /WindowAgg/,
  },
  {
    name: "funnel any order, by an event property",
    run: query({ kind: "funnel", steps, from, to, order: "any", breakdown: { property: "app_version" } }),
    perPerson: /Unique/,
  },
  {
    name: "funnel_persons",
    run: query({ kind: "funnel_persons", steps, from, to, step: 2, status: "dropped" }),
    perPerson: /Unique/,
  },
  {
    name: "retention",
    run: query({ kind: "retention", from, to, period: "week", periods: 3, startEvent: "$any", returnEvent: "$any" }),
  },
  {
    name: "retention by a start event, with a breakdown",
    run: query({
      kind: "retention",
      from,
      to,
      period: "week",
      periods: 3,
      startEvent: "signed_up",
      returnEvent: "purchase",
      breakdown: { property: "os" },
    }),
  },
  {
    name: "retention_persons",
    run: query({
      kind: "retention_persons",
      from,
      to,
      period: "week",
      periods: 3,
      startEvent: "signed_up",
      returnEvent: "$any",
      cohort: "2026-11-02T00:00:00.000Z",
      periodIndex: 1,
      status: "retained",
    }),
  },
  { name: "anomalies", run: query({ kind: "anomalies", series, from, to }) },
  {
    name: "data_quality",
    run: query({ kind: "data_quality", from: "2026-11-29T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" }),
    coordinatorWindows: "the lags' weighted ranks, over the sampled lags (at most 400 per name and hour)",
  },
  { name: "deploys", run: query({ kind: "deploys", from, to, badges: true }) },
  {
    name: "deploy_impact and its persons",
    run: async () => {
      const deploy = await firstDeployWithHistory();
      await query({ kind: "deploy_impact", deploy, window: "24h" })();
      await query({ kind: "deploy_impact_persons", deploy, window: "24h", event: "add_to_cart", status: "did" })();
    },
  },
  {
    name: "funnel by account",
    run: query({ kind: "funnel", steps, from, to, unit: "accounts" }),
    coordinatorWindows:
      "an account's events are its members', in several shards: merged by account on the coordinator (docs/architecture.md)",
  },
  {
    name: "persons: the list, a profile, a timeline",
    run: async () => {
      const access = FULL_PII_ACCESS;
      await getPersons(logged.db, project, personListParamsSchema.parse({ did: "purchase", from, to }), access);
      const someone = await anyDistinctId();
      await getPerson(logged.db, project, someone, access);
      await getPersonEvents(logged.db, project, someone, timelineParamsSchema.parse({ limit: "50" }), access);
    },
  },
  {
    name: "accounts: the list, a profile, its timeline and activity",
    run: async () => {
      const access = FULL_PII_ACCESS;
      await getAccounts(logged.db, project, accountListParamsSchema.parse({}), access);
      const group = await anyGroupId();
      await getAccount(logged.db, project, group, access);
      await getAccountEvents(logged.db, project, group, timelineParamsSchema.parse({ limit: "50" }), access);
      await getAccountActivity(logged.db, project, group, accountActivityParamsSchema.parse({ from, to }));
    },
  },
];

async function firstDeployWithHistory(): Promise<number> {
  const [row] = await rows<{ id: number }>(
    server.db,
    sql`select id from deploys where project_id = ${project.id} order by timestamp desc limit 1`,
  );
  return Number(row?.id);
}

async function anyDistinctId(): Promise<string> {
  const [row] = await rows<{ id: string }>(
    server.db,
    sql`select distinct_id as id from person_distinct_ids where project_id = ${project.id} order by 1 limit 1`,
  );
  return String(row?.id);
}

async function anyGroupId(): Promise<string> {
  const [row] = await rows<{ id: string }>(
    server.db,
    sql`select a.group_id as id from accounts a where a.project_id = ${project.id}
        and a.id in (select account_id from account_members) order by 1 limit 1`,
  );
  return String(row?.id);
}

describeOnCitus("every analysis pushed down on Citus", () => {
  it("runs each kind, every statement distributed, per-person work inside the shards", async () => {
    const report: string[] = [];
    for (const c of cases) {
      const plans = await plansOf(c.run);
      expect(plans.length, c.name).toBeGreaterThan(0);
      for (const { query: text, plan } of plans) {
        const where = `${c.name}: ${text.slice(0, 200)}\n${plan}`;
        expect(plan, where).not.toMatch(/repartition|MapMergeJob|Map Task/i);
        expect(plan, where).toMatch(/Custom Scan \(Citus/);
        const windows = coordinatorNodes(plan).filter((n) => /WindowAgg/.test(n));
        // Windows over raw events belong in the shards (a page's distinct ids may be ranked anywhere).
        if (!c.coordinatorWindows && /\bevents\b/.test(text)) expect(windows, where).toEqual([]);
        report.push(`${c.name}: ${insideTasks(plan)} lines in tasks, ${windows.length} coordinator windows`);
      }
      if (c.perPerson) {
        const inTasks = plans.some(({ plan }) =>
          plan
            .split("\n")
            .filter((line) => !coordinatorNodes(plan).includes(line.trim()))
            .some((line) => c.perPerson?.test(line)),
        );
        expect(inTasks, c.name).toBe(true);
      }
    }
    console.log(report.join("\n"));
  }, 300_000);
});
