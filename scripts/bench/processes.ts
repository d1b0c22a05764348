import fs from "node:fs";

// What the benchmarks read about processes, from Linux /proc.

type Proc = { pid: number; parent: number; comm: string; group: number; ticks: number };

/**
 * Every process now. `ticks`: user + system CPU time plus that of children that have exited and
 * been waited for (PostgreSQL's postmaster reaps backends and autovacuum workers, so their time
 * is not lost when they end), in clock ticks.
 */
function* processes(): Generator<Proc> {
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // The process ended while we looked.
    }
    // "pid (comm) state ppid pgrp … utime stime cutime cstime …": comm may hold spaces or ")".
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    yield {
      pid: Number(name),
      parent: Number(fields[1]),
      comm,
      group: Number(fields[2]),
      ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
    };
  }
}

/** CPU seconds used so far by the processes `match` selects. */
function cpuSeconds(match: (proc: Proc) => boolean): number {
  let ticks = 0;
  for (const proc of processes()) if (match(proc)) ticks += proc.ticks;
  return ticks / 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)
}

/** Resident memory of a process group (the app and any worker it forks), in MB. */
export function residentMb(groupId: number | undefined): number | null {
  if (!groupId) return null;
  let kb = 0;
  for (const proc of processes()) {
    if (proc.group !== groupId) continue;
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return Math.round(kb / 1024);
}

/**
 * Where the CPU went while `run` ran: the app's process group, the PostgreSQL server whose
 * postmaster is `postmasterPid` (its processes only, not another server's), this process.
 * PostgreSQL is null when the server is not on this machine.
 */
export async function measureCpu<T>(appGroup: number, postmasterPid: number | null, run: () => Promise<T>) {
  const app = () => cpuSeconds((p) => p.group === appGroup);
  const postgres = () =>
    postmasterPid === null ? 0 : cpuSeconds((p) => p.pid === postmasterPid || p.parent === postmasterPid);
  const self = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const before = { app: app(), postgres: postgres(), client: self() };
  const result = await run();
  const cpu = {
    app: app() - before.app,
    postgres: postmasterPid === null ? null : postgres() - before.postgres,
    client: self() - before.client,
  };
  return { result, cpu };
}

/** The postmaster's pid, from the data directory of the server at `url`, if it runs here. */
export function postmasterPidOf(dataDirectory: string): number | null {
  try {
    const pid = Number(fs.readFileSync(`${dataDirectory}/postmaster.pid`, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && fs.existsSync(`/proc/${pid}`) ? pid : null;
  } catch {
    return null;
  }
}
