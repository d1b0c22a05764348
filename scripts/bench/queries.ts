// The queries the benchmark times: one entry per question a user asks, run through runQuery
// (what POST /api/v1/projects/{p}/query calls), so the figures are the product's.
// A new analysis adds its cases here: a name, its DESIGN §7 target if it has one, the request.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { getAccount, getAccountEvents } from "@/lib/accounts/get-account";
import { getDeployImpact } from "@/lib/analytics/deploy-impact/get-deploy-impact";
import { getDeploys } from "@/lib/analytics/deploy-impact/get-deploys";
import { listDeploys } from "@/lib/deploys/deploys";
import { getPerson, getPersonEvents } from "@/lib/persons/get-person";
import { getPersons } from "@/lib/persons/get-persons";
import { personListParamsSchema, timelineParamsSchema } from "@/lib/persons/params";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import type { Project } from "@/lib/projects/projects";
import { DAY_MS } from "./dataset-events";

export type QueryCase = {
  name: string;
  /** Median target from DESIGN §7, in ms, at 10M events. */
  targetMs?: number;
} & (
  | {
      /** The request body, as a client would send it; `end` is the data set's last instant. */
      request: (end: number) => Record<string, unknown>;
    }
  | {
      /** A REST read (people, accounts): the lib call its route handler makes. */
      run: (db: Db, project: Project, end: number, dataset: { persons: number }) => Promise<unknown>;
    }
);

const range = (end: number, days: number) => ({
  from: new Date(end - days * DAY_MS).toISOString(),
  to: new Date(end).toISOString(),
});

export const queryCases: QueryCase[] = [
  {
    name: "trend: all events, 90 days daily",
    targetMs: 150,
    request: (end) => ({ kind: "trend", series: [{ event: "$any" }], interval: "day", ...range(end, 90) }),
  },
  {
    name: "trend: one event, 90 days daily",
    targetMs: 150,
    request: (end) => ({ kind: "trend", series: [{ event: "add_to_cart" }], interval: "day", ...range(end, 90) }),
  },
  {
    name: "trend: one event, unique persons, 90 days daily",
    targetMs: 150,
    request: (end) => ({
      kind: "trend",
      series: [{ event: "add_to_cart", measure: "persons" }],
      interval: "day",
      ...range(end, 90),
    }),
  },
  {
    name: "trend: one event, 7 days hourly",
    request: (end) => ({ kind: "trend", series: [{ event: "checkout_started" }], interval: "hour", ...range(end, 7) }),
  },
  {
    name: "top events: 30 days, counts only",
    request: (end) => ({ kind: "top_events", limit: 10, persons: false, ...range(end, 30) }),
  },
  {
    name: "top events: 30 days, with unique persons",
    request: (end) => ({ kind: "top_events", limit: 10, ...range(end, 30) }),
  },
  {
    name: "event catalog",
    request: () => ({ kind: "event_catalog" }),
  },
  // Funnels (DESIGN §7: 4 steps over 30 days ≤ 500 ms; a breakdown ≤ 1 s; funnel_persons ≤ 500 ms).
  ...(["ordered", "strict", "any"] as const).map((order) => ({
    name: `funnel: 4 steps, 30 days, ${order}`,
    targetMs: 500,
    request: (end: number) => ({ ...shopFunnel(end), order }),
  })),
  {
    name: "funnel: 4 steps, 30 days, breakdown by os",
    targetMs: 1_000,
    request: (end) => ({ ...shopFunnel(end), breakdown: { property: "os" } }),
  },
  {
    name: "funnel: 4 steps, 30 days, accounts",
    request: (end) => ({ ...shopFunnel(end), unit: "accounts" }),
  },
  {
    name: "funnel persons: dropped at step 2, first page",
    targetMs: 500,
    request: (end) => ({ ...shopFunnel(end), kind: "funnel_persons", step: 2, status: "dropped" }),
  },
  // Retention (DESIGN §7: 12 weekly cohorts ≤ 1 s; the $any triangle aims for 0.5 s).
  {
    name: "retention: 12 weekly cohorts, signed_up → order_completed",
    targetMs: 1_000,
    request: (end) => ({ ...weeklyRetention(end), startEvent: "signed_up", returnEvent: "order_completed" }),
  },
  {
    name: "retention: 12 weekly cohorts, any event → any event",
    targetMs: 1_000,
    request: (end) => weeklyRetention(end),
  },
  {
    name: "retention: 30 daily cohorts, any event → any event",
    targetMs: 1_000,
    request: (end) => ({ ...weeklyRetention(end), period: "day", periods: 14, ...range(end, 30) }),
  },
  {
    name: "retention: 12 weekly cohorts, any event, breakdown by os",
    targetMs: 1_000,
    request: (end) => ({ ...weeklyRetention(end), breakdown: { property: "os" } }),
  },
  {
    name: "retention persons: lost at week 1 of the first cohort, first page",
    request: (end) => ({
      ...weeklyRetention(end),
      kind: "retention_persons",
      cohort: firstMonday(end - 12 * 7 * DAY_MS),
      periodIndex: 1,
      status: "lost",
    }),
  },
  {
    name: "trend: three series and a breakdown by os, 90 days daily",
    targetMs: 150,
    request: (end) => ({
      kind: "trend",
      series: [
        { event: "product_viewed" },
        { event: "add_to_cart" },
        { event: "checkout_started", measure: "persons" },
      ],
      breakdown: { property: "os", limit: 5 },
      interval: "day",
      ...range(end, 90),
    }),
  },
  {
    name: "trend: a formula (checkout per add to cart), 90 days daily",
    targetMs: 150,
    request: (end) => ({
      kind: "trend",
      series: [{ event: "add_to_cart" }, { event: "checkout_started" }],
      formula: "B / A",
      interval: "day",
      ...range(end, 90),
    }),
  },
  {
    name: "anomalies: one event, 7 days hourly, 8 weeks of baseline",
    request: (end) => ({
      kind: "anomalies",
      series: [{ event: "checkout_started" }],
      interval: "hour",
      ...range(end, 7),
    }),
  },
  // Deploy impact computed (its kept result dropped before each run), then kept (the result of the
  // warm-up run answered again: lib/analytics/deploy-impact/cache.ts).
  {
    name: "deploy impact: android@6.0.0 (planted regression), 24 h",
    targetMs: 500,
    run: (db, project) => impactOf(db, project, "android", "6.0.0", "computed"),
  },
  {
    name: "deploy impact: api@3.2.0 (planted spike), 24 h",
    targetMs: 500,
    run: (db, project) => impactOf(db, project, "api", "3.2.0", "computed"),
  },
  {
    name: "deploy impact: android@6.0.0, kept result",
    run: (db, project) => impactOf(db, project, "android", "6.0.0", "kept"),
  },
  {
    name: "deploys list with impact badges, 90 days",
    targetMs: 1_000,
    run: (db, project) => getDeploys(db, project, { kind: "deploys", window: 86_400, badges: true }),
  },
  {
    name: "deploys list with impact badges, 90 days, nothing kept",
    run: async (db, project) => {
      await db.execute(sql`delete from deploy_impacts where project_id = ${project.id}`);
      return getDeploys(db, project, { kind: "deploys", window: 86_400, badges: true });
    },
  },
  // People and accounts (DESIGN §7: a timeline page ≤ 30 ms). Person 1 is an extreme user (1 % of
  // all events), person 5,000 a typical one; account 1 has the most members' events.
  {
    name: "person timeline: first page, an extreme user",
    targetMs: 30,
    run: (db, project) => getPersonEvents(db, project, "1", page, FULL_PII_ACCESS),
  },
  {
    name: "person timeline: a page deep in an extreme user's history (cursor)",
    targetMs: 30,
    run: async (db, project, end) =>
      getPersonEvents(
        db,
        project,
        "1",
        { ...page, before: new Date(end - 60 * DAY_MS).toISOString() },
        FULL_PII_ACCESS,
      ),
  },
  {
    name: "person timeline: first page, a typical user",
    targetMs: 30,
    run: (db, project, _end, { persons }) => getPersonEvents(db, project, typical(persons), page, FULL_PII_ACCESS),
  },
  {
    name: "person profile: a typical user",
    targetMs: 50,
    run: (db, project, _end, { persons }) => getPerson(db, project, typical(persons), FULL_PII_ACCESS),
  },
  {
    // 500k events: its counts by event name read them all (index-only).
    name: "person profile: an extreme user",
    run: (db, project) => getPerson(db, project, "1", FULL_PII_ACCESS),
  },
  {
    name: "person search: distinct id prefix",
    targetMs: 100,
    run: (db, project) => getPersons(db, project, personListParamsSchema.parse({ search: "u12345" }), FULL_PII_ACCESS),
  },
  {
    name: "person search: email",
    targetMs: 100,
    run: (db, project) =>
      getPersons(db, project, personListParamsSchema.parse({ search: "USER54321@example" }), FULL_PII_ACCESS),
  },
  {
    name: "people list: by last seen, first page",
    run: (db, project) => getPersons(db, project, personListParamsSchema.parse({}), FULL_PII_ACCESS),
  },
  {
    name: "account timeline: first page, the largest account",
    targetMs: 200,
    run: (db, project) => getAccountEvents(db, project, "acct-1", page, FULL_PII_ACCESS),
  },
  {
    name: "account profile with health: the largest account",
    run: (db, project) => getAccount(db, project, "acct-1", FULL_PII_ACCESS),
  },
];

const page = timelineParamsSchema.parse({ limit: "50" });

async function impactOf(db: Db, project: Project, service: string, version: string, how: "computed" | "kept") {
  const deploy = (await listDeploys(db, project.id, "2000-01-01T00:00:00Z", "2199-01-01T00:00:00Z")).find(
    (d) => d.service === service && d.version === version,
  );
  if (!deploy) throw new Error(`no deploy ${service}@${version} in the bench data`);
  if (how === "computed") await db.execute(sql`delete from deploy_impacts where deploy_id = ${deploy.id}`);
  return getDeployImpact(db, project, { kind: "deploy_impact", deploy: deploy.id, window: 86_400, weeks: 4 });
}
const shopFunnel = (end: number) => ({
  kind: "funnel",
  steps: ["product_viewed", "add_to_cart", "checkout_started", "order_completed"].map((event) => ({ event })),
  window: "14d",
  ...range(end, 30),
});
const weeklyRetention = (end: number) => ({
  kind: "retention",
  startEvent: "$any",
  returnEvent: "$any",
  period: "week",
  periods: 11,
  ...range(end, 12 * 7),
});
/** The first Monday (UTC midnight) at or after an instant: the first weekly cohort of a range from it. */
function firstMonday(ms: number): string {
  const day = new Date(Math.ceil(ms / DAY_MS) * DAY_MS);
  while (day.getUTCDay() !== 1) day.setTime(day.getTime() + DAY_MS);
  return day.toISOString();
}
/** A person of middling activity: activity falls with the id (dataset-events.ts), 5,000 at 1M persons. */
const typical = (persons: number) => String(Math.max(6, Math.round(persons / 200)));
