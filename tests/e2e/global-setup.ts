import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

export const e2eKeys = {
  write: "lp_w_e2e_write_key_0123456789abcdef",
  secret: "lp_s_e2e_secret_key_0123456789abcdef",
  /** Of the "ingest" project, created with `npm run project`: ingestion tests write there. */
  ingestWrite: "lp_w_e2e_ingest_write_0123456789ab",
  ingestSecret: "lp_s_e2e_ingest_secret_0123456789a",
};

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    driver: string;
  }
}

/**
 * Starts the built app (`npm run build` first) the way a user would: `next start` with a
 * bootstrap project "acme" (no events) and the demo project — seeded automatically on the
 * embedded database, or by `npm run seed` when E2E_DATABASE_URL points at a PostgreSQL server.
 */
export default async function setup(project: TestProject) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-e2e-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    LOUPE_DATA_DIR: path.join(dataDir, "db"),
    LOUPE_DEMO_EVENTS: "20000",
    LOUPE_BOOTSTRAP_PROJECT: "acme",
    LOUPE_BOOTSTRAP_WRITE_KEY: e2eKeys.write,
    LOUPE_BOOTSTRAP_SECRET_KEY: e2eKeys.secret,
  };
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (databaseUrl) {
    env.DATABASE_URL = databaseUrl;
    execFileSync("npm", ["run", "--silent", "seed", "--", "--project", "demo", "--events", "20000"], {
      env,
      stdio: "inherit",
    });
  }
  const create = ["create", "ingest", "--write-key", e2eKeys.ingestWrite, "--secret-key", e2eKeys.ingestSecret];
  execFileSync("npm", ["run", "--silent", "project", "--", ...create], { env, stdio: "inherit" });
  const server = spawn("npx", ["next", "start", "-p", String(port)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const log: string[] = [];
  server.stdout?.on("data", (chunk) => log.push(String(chunk)));
  server.stderr?.on("data", (chunk) => log.push(String(chunk)));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, server, 180_000);
  } catch (error) {
    stop(server);
    throw new Error(`${(error as Error).message}\n--- server output ---\n${log.join("")}`);
  }
  project.provide("baseUrl", baseUrl);
  project.provide("driver", databaseUrl ? "PostgreSQL" : "PGlite");
  return () => {
    stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

async function waitForHealth(baseUrl: string, server: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`server not healthy after ${timeoutMs / 1000}s`);
}

function stop(server: ChildProcess) {
  if (server.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}
