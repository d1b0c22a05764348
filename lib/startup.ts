import { sql } from "drizzle-orm";
import "server-only";
import { getDatabase } from "@/db/client";
import type { Db } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { keepDeployImpacts } from "@/lib/analytics/deploy-impact/keep";
import { checkPassword, countUsers } from "@/lib/auth/auth";
import { ensureFirstAdmin } from "@/lib/auth/first-admin";
import { seedDemo } from "@/lib/demo/seed-demo";
import { describeError } from "@/lib/http/log-error";
import { groupCommitOptionsFromEnv } from "@/lib/ingest/group-commit";
import { HEALTH_FLUSH_MS, ingestHealth, pruneIngestHealth } from "@/lib/ingest/health";
import { pruneMessageIds } from "@/lib/ingest/prune";
import { compactRollups } from "@/lib/ingest/rollups";
import { runRetention } from "@/lib/lifecycle/run-retention";
import { bootstrapFromEnv, checkBootstrapKeys } from "@/lib/projects/bootstrap";
import { createProject, getProjectBySlug } from "@/lib/projects/projects";
import { updateProjectSettings } from "@/lib/projects/projects-settings";

const DEMO_SLUG = "demo";

/**
 * The server's start (instrumentation.ts): a bad setting stops the process with its name, since a
 * server that would fail every ingestion request should not start; then prepareServer().
 */
export async function startServer(env = process.env): Promise<void> {
  try {
    checkSettings(env);
  } catch (error) {
    console.error(`Loupe cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  await prepareServer(env);
}

/**
 * Settings read later (by the first ingestion request, say) are checked before the server starts:
 * throws with the variable's name.
 */
function checkSettings(env = process.env): void {
  groupCommitOptionsFromEnv(env);
  checkBootstrapKeys(env);
  try {
    if (env.LOUPE_ADMIN_PASSWORD) checkPassword(env.LOUPE_ADMIN_PASSWORD);
  } catch (error) {
    throw new Error(`LOUPE_ADMIN_PASSWORD: ${(error as Error).message}`);
  }
  if (env.LOUPE_AUTH_SECRET && env.LOUPE_AUTH_SECRET.length < 32) {
    throw new Error("LOUPE_AUTH_SECRET must be at least 32 characters");
  }
}

/**
 * Runs once when the server starts (instrumentation.ts): apply pending migrations, create the
 * bootstrap project, and on the embedded database seed the demo project the first time.
 */
async function prepareServer(env = process.env): Promise<void> {
  const database = await getDatabase();
  await runMigrations(database);
  const bootstrapped = await bootstrapFromEnv(database.db, env);
  const seedDemoProject = database.driver === "pglite" && env.LOUPE_DEMO !== "off";
  if (seedDemoProject) await ensureDemo(env);
  const login = await ensureFirstAdmin(database.db, { demo: seedDemoProject }, env);
  // The embedded database has no autovacuum: without statistics its planner guesses every
  // table's size (a retention triangle took a nested loop over 30k person-days: 16 s instead of
  // 0.1 s). ANALYZE samples a bounded number of rows per table: about a second at the demo's size.
  if (database.driver === "pglite") await database.db.execute(sql`analyze`);
  scheduleMaintenance();
  const port = env.PORT ?? "3000";
  const slug = seedDemoProject ? DEMO_SLUG : bootstrapped;
  console.log(
    `Loupe is ready on ${database.driver} (${database.location}): http://localhost:${port}${slug ? `/projects/${slug}` : ""}`,
  );
  if (login) console.log(login);
  else if ((await countUsers(database.db)) === 0) {
    console.log("Nobody can sign in yet: make the first admin with  npm run project -- admin <email>");
  }
}

/**
 * Background upkeep: forget old dedup message ids now and every hour (lib/ingest/prune.ts), fold
 * the hourly counts' deltas every minute (lib/ingest/rollups.ts), write ingestion's health every
 * few seconds (lib/ingest/health.ts), compute closed deploys' impacts ahead of the deploys page
 * every 10 minutes. Failures are logged and retried
 * at the next tick; neither job is needed for correctness of what is read.
 */
function scheduleMaintenance(): void {
  const every = (
    label: string,
    ms: number,
    job: (db: Db) => Promise<number>,
    done?: (n: number) => string,
    firstAfterMs = 0,
  ) => {
    const run = async () => {
      try {
        const n = await job((await getDatabase()).db);
        if (n > 0 && done) console.log(done(n));
      } catch (error) {
        console.error(`${label} failed (will retry): ${describeError(error)}`);
      }
    };
    if (firstAfterMs === 0) void run();
    else setTimeout(run, firstAfterMs).unref();
    setInterval(run, ms).unref();
  };
  every(
    "pruning message ids",
    3_600_000,
    pruneMessageIds,
    (n) => `Forgot ${n} message ids older than the dedup window.`,
  );
  every("compacting hourly counts", 60_000, compactRollups);
  // The deploys list's badges computed ahead of views, a few at a time (lib/analytics/deploy-impact/keep.ts);
  // first after the start's own work (a demo seeding, a first page).
  every("keeping deploy impacts", 600_000, keepDeployImpacts, undefined, 300_000);
  // Ingestion's own health, counted in memory per minute (lib/ingest/health.ts).
  every("recording ingestion health", HEALTH_FLUSH_MS, (db) => ingestHealth().flush(db));
  every("pruning ingestion health", 3_600_000, pruneIngestHealth);
  // Each run is bounded (lib/lifecycle/retention.ts): a backlog is worked off hour after hour.
  every(
    "enforcing data retention",
    3_600_000,
    async (db) => {
      const projects = await runRetention(db, { actor: "server", actorLabel: "retention schedule" });
      return projects.reduce((sum, p) => sum + p.eventsDeleted + p.partitionsDropped.length, 0);
    },
    () => "Data retention: expired events removed (see the projects' audit logs).",
  );
}

/** Seeds the demo once; an interrupted first seed resumes (message ids make it idempotent). */
async function ensureDemo(env: NodeJS.ProcessEnv): Promise<void> {
  const { db } = await getDatabase();
  const existing = await getProjectBySlug(db, DEMO_SLUG);
  if (existing?.settings.demo?.complete) return;
  if (existing && !existing.settings.demo) return; // a project of the user's that is called "demo"
  const events = Number(env.LOUPE_DEMO_EVENTS ?? 200_000);
  const end = existing?.settings.demo?.end ?? new Date().toISOString();
  // About 10,000 events a second on 2 cores (README).
  const estimate = Math.max(5, Math.round(events / 10_000));
  console.log(`First start: generating the demo project (${events.toLocaleString("en")} events, about ${estimate} s)…`);
  const started = Date.now();
  const marker = { seed: 42, events, end, complete: false };
  const project = existing ?? (await createProject(db, { slug: DEMO_SLUG, name: "Demo shop" }));
  await updateProjectSettings(db, project.id, { ...project.settings, demo: marker });
  const summary = await seedDemo(db, { slug: DEMO_SLUG, events, seed: 42, end: new Date(end) });
  const seeded = (await getProjectBySlug(db, DEMO_SLUG)) ?? project;
  await updateProjectSettings(db, project.id, { ...seeded.settings, demo: { ...marker, complete: true } });
  console.log(
    `Demo project ready: ${summary.accepted.toLocaleString("en")} events in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  );
}
