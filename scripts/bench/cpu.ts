import fs from "node:fs";

/** CPU seconds (user + system) used so far by the processes `match` selects (Linux /proc). */
export function cpuSeconds(match: (proc: { pid: number; comm: string; group: number }) => boolean): number {
  let ticks = 0;
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After "(comm) ": state, ppid, pgrp, …, utime (index 11), stime (index 12), in clock ticks.
      if (!match({ pid: Number(name), comm, group: Number(fields[2]) })) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** Where the CPU went while `run` ran: the app's process group, PostgreSQL, this process. */
export async function measureCpu<T>(appGroup: number, run: () => Promise<T>) {
  const app = () => cpuSeconds((p) => p.group === appGroup);
  const postgres = () => cpuSeconds((p) => p.comm === "postgres");
  const self = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const before = { app: app(), postgres: postgres(), client: self() };
  const result = await run();
  const cpu = {
    app: app() - before.app,
    postgres: postgres() - before.postgres,
    client: self() - before.client,
  };
  return { result, cpu };
}
