import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/** The built app (`npm run build` first) on a free port, as `npm start` runs it. */
export async function startApp(
  env: Record<string, string>,
): Promise<{ url: string; process: ChildProcess; stop(): void }> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npm run build` first");
  const port = await freePort();
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, process: child, stop: () => child.pid && process.kill(-child.pid, "SIGTERM") };
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error("app did not become healthy");
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

/** Resident memory of a process group (the app and any worker it forks), in MB (Linux /proc). */
export function residentMb(groupId: number | undefined): number | null {
  if (!groupId) return null;
  let kb = 0;
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== groupId) continue; // field 5 of stat: process group
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return Math.round(kb / 1024);
}
