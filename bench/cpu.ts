/**
 * Where the CPU went during a benchmark (Linux /proc): the server's processes, PostgreSQL's and
 * the load generator's, in cores (1.0 = one core busy for the whole window), and the machine's idle.
 */
import { readFileSync, readdirSync } from "node:fs";

const TICK = 100; // USER_HZ on Linux

function processTicks(): Map<number, { comm: string; ppid: number; ticks: number }> {
  const out = new Map<number, { comm: string; ppid: number; ticks: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(name), { comm, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {}
  }
  return out;
}

function machineTicks() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1).map(Number);
  return { idle: f[3]! + f[4]!, total: f.slice(0, 8).reduce((a, b) => a + b, 0) };
}

const descendants = (all: ReturnType<typeof processTicks>, root: number) => {
  const set = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of all)
      if (!set.has(pid) && set.has(p.ppid)) {
        set.add(pid);
        grew = true;
      }
  }
  return set;
};

export function cpuWindow(serverPid: number) {
  const a = processTicks();
  const ma = machineTicks();
  const t0 = performance.now();
  return () => {
    const b = processTicks();
    const mb = machineTicks();
    const seconds = (performance.now() - t0) / 1000;
    const server = descendants(b, serverPid);
    const sums = { server: 0, postgres: 0, loadGenerator: 0, other: 0 };
    for (const [pid, p] of b) {
      const d = p.ticks - (a.get(pid)?.ticks ?? 0);
      if (server.has(pid)) sums.server += d;
      else if (p.comm.startsWith("postgres")) sums.postgres += d;
      else if (pid === process.pid) sums.loadGenerator += d;
      else sums.other += d;
    }
    const cores = (t: number) => Number((t / TICK / seconds).toFixed(2));
    return {
      server: cores(sums.server),
      postgres: cores(sums.postgres),
      loadGenerator: cores(sums.loadGenerator),
      other: cores(sums.other),
      machineIdle: Number(((mb.idle - ma.idle) / (mb.total - ma.total)).toFixed(2)),
    };
  };
}
