import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/**
 * Node flags of the production server, as package.json's `start` sets them (a test keeps the two
 * equal). A 64 MB young generation: under ingestion load the requests in flight survive the
 * default 16 MB one's frequent scavenges; 64 MB cut scavenge time by more than half
 * (docs/benchmarks.md#nodes-young-generation) for ~90 MB more memory.
 */
export const APP_NODE_OPTIONS = "--max-semi-space-size=64";

/**
 * The built app (`npm run build` first) on a free port, as `npm start` runs it, once
 * /api/health answers. Used by the benchmarks and the end-to-end tests.
 */
export async function startApp(
  env: Record<string, string | undefined>,
  output: "inherit" | "capture" = "inherit",
): Promise<{ url: string; process: ChildProcess; log: () => string; stop(): void; stopAndWait(): Promise<void> }> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npm run build` first");
  const port = await freePort();
  // APP_NODE_ARGS: extra Node flags for the app, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile
  // it under a benchmark (docs/benchmarks.md).
  const nodeArgs = process.env.APP_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: `${APP_NODE_OPTIONS} ${process.env.NODE_OPTIONS ?? ""}`.trim(),
    },
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
    if (ok) return { url, process: child, log: () => chunks.join(""), stop, stopAndWait };
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
