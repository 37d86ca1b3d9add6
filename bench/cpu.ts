/**
 * Where the CPU went during a benchmark (Linux /proc): the server's processes, PostgreSQL's and
 * the load generator's, in cores (1.0 = one core busy for the whole window), and the machine's idle.
 *
 * Given the benchmark's database, "postgres" counts only the backends serving that database (their
 * process title names it: "postgres: 15/main: postgres <db> ..."), so other work on a shared
 * server is not charged to the benchmark; the shared processes (WAL writer, checkpointer) and
 * other databases' backends are "postgresOther". Without it, every postgres process counts.
 */
import { readFileSync, readdirSync } from "node:fs";

const TICK = 100; // USER_HZ on Linux

interface Ticks {
  comm: string;
  ppid: number;
  ticks: number;
  /** a postgres process's title (its cmdline) */
  title?: string;
}

function processTicks(): Map<number, Ticks> {
  const out = new Map<number, Ticks>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const t: Ticks = { comm, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
      if (comm.startsWith("postgres")) t.title = readFileSync(`/proc/${name}/cmdline`, "utf8");
      out.set(Number(name), t);
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

/** A postgres process's title names `database` as a word ("postgres: 15/main: postgres yibao_x 127.0.0.1(...)"). */
const servesDatabase = (title: string | undefined, database: string) =>
  title?.replace(/\0/g, " ").split(" ").includes(database) === true;

export function cpuWindow(serverPid: number, database?: string) {
  const a = processTicks();
  const ma = machineTicks();
  const t0 = performance.now();
  return () => {
    const b = processTicks();
    const mb = machineTicks();
    const seconds = (performance.now() - t0) / 1000;
    const server = descendants(b, serverPid);
    const sums = { server: 0, postgres: 0, postgresOther: 0, loadGenerator: 0, other: 0 };
    for (const [pid, p] of b) {
      const d = p.ticks - (a.get(pid)?.ticks ?? 0);
      if (server.has(pid)) sums.server += d;
      else if (p.comm.startsWith("postgres")) {
        if (database === undefined || servesDatabase(p.title, database)) sums.postgres += d;
        else sums.postgresOther += d;
      } else if (pid === process.pid) sums.loadGenerator += d;
      else sums.other += d;
    }
    const cores = (t: number) => Number((t / TICK / seconds).toFixed(2));
    return {
      server: cores(sums.server),
      postgres: cores(sums.postgres),
      postgresOther: cores(sums.postgresOther),
      loadGenerator: cores(sums.loadGenerator),
      other: cores(sums.other),
      machineIdle: Number(((mb.idle - ma.idle) / (mb.total - ma.total)).toFixed(2)),
    };
  };
}
