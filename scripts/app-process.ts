import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/**
 * Node flags of the production server, as package.json's `start` sets them (a test keeps the two
 * equal). A 64 MB young generation: under ingestion load the requests in flight survive the
 * default 16 MB one's frequent scavenges; 64 MB cut scavenge time by more than half
 * (docs/benchmarks.md#nodes-young-generation) for ~90 MB more memory. And the HTTP server's
 * header and request timeouts (lib/server/http-server.cjs).
 */
export const APP_NODE_OPTIONS = "--max-semi-space-size=64 --require ./lib/server/http-server.cjs";

/**
 * The built app (`npm run build` first) on a free port, as `npm start` runs it, once
 * /api/health answers. Used by the benchmarks and the end-to-end tests.
 */
export async function startApp(env: Record<string, string | undefined>, output: Output = "inherit"): Promise<App> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npm run build` first");
  // APP_NODE_ARGS: extra Node flags for the app, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile
  // it under a benchmark (docs/benchmarks.md).
  const nodeArgs = process.env.APP_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const nodeOptions = `${APP_NODE_OPTIONS} ${process.env.NODE_OPTIONS ?? ""}`.trim();
  return startNext(
    process.execPath,
    [...nodeArgs, "node_modules/next/dist/bin/next", "start"],
    { ...env, NODE_ENV: "production", NODE_OPTIONS: nodeOptions },
    output,
  );
}

/** `npm run dev` as a newcomer types it (hot reload, Turbopack), on a free port, its output kept. */
export function startDevServer(env: Record<string, string | undefined>): Promise<App> {
  return startNext("npm", ["run", "--silent", "dev", "--"], { NODE_ENV: undefined, ...env }, "capture");
}

type Output = "inherit" | "capture";
export type App = {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the app printed so far (output "capture"). */
  log: () => string;
  stop(): void;
  stopAndWait(): Promise<void>;
};

async function startNext(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  output: Output,
): Promise<App> {
  const port = await freePort();
  // An undefined value removes the variable (spawn would pass the string "undefined").
  const merged = { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" };
  const childEnv = Object.fromEntries(
    Object.entries(merged).filter(([, value]) => value !== undefined),
  ) as NodeJS.ProcessEnv;
  const child = spawn(command, [...args, "-p", String(port)], {
    env: childEnv,
    stdio: ["ignore", output === "inherit" ? "inherit" : "pipe", output === "inherit" ? "inherit" : "pipe"],
    detached: true,
  });
  const chunks: string[] = [];
  child.stdout?.on("data", (chunk) => chunks.push(String(chunk)));
  child.stderr?.on("data", (chunk) => chunks.push(String(chunk)));
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  };
  // Resolves once the app has exited (its database connections are closed), or after 10 s.
  const stopAndWait = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(resolve, 10_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      stop();
    });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, port, process: child, log: () => chunks.join(""), stop, stopAndWait };
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  stop();
  throw new Error(`the app did not become healthy\n--- its output ---\n${chunks.join("")}`);
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
