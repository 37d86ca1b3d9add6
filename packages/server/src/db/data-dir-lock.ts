import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { YibaoError } from "@yibao/core/errors";
import { systemClock } from "../clock.ts";

/**
 * The embedded database (PGlite) has one writer: one process may open a data directory at a time.
 * Whoever opens it takes `yibao.lock` there (created exclusively, holding the pid, host, command
 * and time); a second process is refused with DATABASE_IN_USE naming the holder and what to do,
 * instead of PGlite aborting (`RuntimeError: Aborted()`) or corrupting the files. A lock whose
 * process is dead (killed, crashed) is taken over. Not a guard across hosts sharing a directory:
 * a lock from another host is never taken over, since its process cannot be checked from here.
 */
export const LOCK_FILE = "yibao.lock";

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, "utf8")) as Partial<Holder>;
    return typeof h.pid === "number" && typeof h.host === "string" ? (h as Holder) : null;
  } catch {
    return null; // unreadable or half-written: treated as stale
  }
}

function inUse(dir: string, h: Holder): YibaoError {
  return new YibaoError(
    "DATABASE_IN_USE",
    `The embedded database in ${dir} is in use by process ${h.pid} on ${h.host} (${h.command}, since ${h.since}). ` +
      "Stop that process first (e.g. the server started by `npm start`), or do this through the running " +
      "server's API; to run several processes on one database, use PostgreSQL (DATABASE_URL).",
    { dataDir: dir, pid: h.pid, host: h.host, lockFile: join(dir, LOCK_FILE) },
  );
}

/** Takes the lock of `dir` for this process; returns the function that releases it. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(" ").slice(0, 300),
    since: systemClock().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: "wx", mode: 0o644 });
      const release = () => {
        process.removeListener("exit", release);
        if (readHolder(path)?.pid === me.pid) unlinkSync(path);
      };
      process.on("exit", release); // a process that ends without closing leaves no lock behind
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = readHolder(path);
    if (holder && (holder.host !== me.host || alive(holder.pid))) throw inUse(dir, holder);
    try {
      unlinkSync(path); // stale: its process is gone
    } catch {
      // another process took it over first; the next attempt finds out who
    }
  }
  throw inUse(dir, readHolder(path) ?? { ...me, pid: -1, command: "unknown" });
}
