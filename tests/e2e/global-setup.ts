import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startApp } from "../../scripts/app-process";

/** Test keys (random, as bootstrap keys must be: lib/auth/api-keys.ts#keyWeakness). */
export const e2eKeys = {
  write: "lp_w_Ml8BkcAacXz2X2ap5xMOH0mUfzS2pPnr",
  secret: "lp_s_DG6cDLxspG4QdWRT_nukGxNQ9rdt0v4w",
  /** Of the "ingest" project, created with `npm run project`: ingestion tests write there. */
  ingestWrite: "lp_w_rGTAw2TafgHSwP4iT7woE-uOs-jK20MD",
  ingestSecret: "lp_s_tzrRf2io6Z9w_m58wc2FnnevVT3H3RhD",
  /** Of the "impact" project: the deploy impact browser test plants a regression there. */
  impactWrite: "lp_w_dk76dCpjQWVIHE14LTvSjaIlPhItYESm",
  impactSecret: "lp_s_ayk8hXRz6gv_Vd5jD31tO2JTIHS1-uP2",
  /** Of the "limited" project: 10 events/s, and `email` dropped before storage. */
  limitedWrite: "lp_w_z-fNhJ2TxtkLhh2MTSMeJnPsLhgaAVZ4",
};

/** The instance admin the server makes at start (LOUPE_ADMIN_EMAIL/LOUPE_ADMIN_PASSWORD). */
export const e2eAdmin = { email: "admin@e2e.test", password: "e2e admin password, long enough" };

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    driver: string;
    /** A file growing with everything the app prints: tests read what it logged. */
    appLog: string;
    /** A secret key of "ingest" with `deploys:write` only, made by `npm run project -- key`. */
    deployKey: string;
  }
}

/**
 * Starts the built app (`npm run build` first) the way a user would: `next start` with a
 * bootstrap project "acme" (no events), "ingest" and "limited" projects made with `npm run
 * project`, and the demo project — seeded automatically on the embedded database, or by `npm run seed` when
 * E2E_DATABASE_URL points at a PostgreSQL server.
 */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-e2e-"));
  const env: Record<string, string | undefined> = {
    LOUPE_DATA_DIR: path.join(dataDir, "db"),
    LOUPE_DEMO_EVENTS: "20000",
    LOUPE_BOOTSTRAP_PROJECT: "acme",
    LOUPE_BOOTSTRAP_WRITE_KEY: e2eKeys.write,
    LOUPE_BOOTSTRAP_SECRET_KEY: e2eKeys.secret,
    LOUPE_ADMIN_EMAIL: e2eAdmin.email,
    LOUPE_ADMIN_PASSWORD: e2eAdmin.password,
  };
  const databaseUrl = process.env.E2E_DATABASE_URL;
  const cli = (...args: string[]) =>
    execFileSync("npm", ["run", "--silent", ...args], { env: { ...process.env, ...env }, stdio: "inherit" });
  if (databaseUrl) {
    env.DATABASE_URL = databaseUrl;
    cli("seed", "--", "--project", "demo", "--events", "20000");
  }
  cli("project", "--", "create", "ingest", "--write-key", e2eKeys.ingestWrite, "--secret-key", e2eKeys.ingestSecret);
  cli("project", "--", "create", "limited", "--write-key", e2eKeys.limitedWrite);
  cli("project", "--", "create", "impact", "--write-key", e2eKeys.impactWrite, "--secret-key", e2eKeys.impactSecret);
  cli("project", "--", "settings", "limited", "--rate-limit", "10", "--pii-drop", "email");
  const made = execFileSync(
    "npm",
    ["run", "--silent", "project", "--", "key", "ingest", "secret", "--scopes", "deploys:write"],
    {
      env: { ...process.env, ...env },
    },
  ).toString();
  const deployKey = /lp_s_\S+/.exec(made)?.[0];
  if (!deployKey) throw new Error(`no key in: ${made}`);
  project.provide("deployKey", deployKey);
  const app = await startApp(env, "capture");
  const appLog = path.join(dataDir, "app.log");
  fs.writeFileSync(appLog, app.log());
  const append = (chunk: Buffer) => fs.appendFileSync(appLog, chunk);
  app.process.stdout?.on("data", append);
  app.process.stderr?.on("data", append);
  project.provide("appLog", appLog);
  project.provide("baseUrl", app.url);
  project.provide("driver", databaseUrl ? (process.env.E2E_CITUS ? "Citus" : "PostgreSQL") : "PGlite");
  return () => {
    app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
