import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LOCK_FILE, lockDataDir } from "./data-dir-lock.ts";
import { openDb } from "./database.ts";

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, "../../bin/yibao.js");

/** A process that takes the lock of `dir` and holds it until killed. */
async function holder(dir: string): Promise<ChildProcess> {
  const script = `import(${JSON.stringify(join(here, "data-dir-lock.ts"))}).then((m) => {
    m.lockDataDir(${JSON.stringify(dir)}); console.log("locked"); setInterval(() => {}, 1000); })`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => String(d).includes("locked") && resolve());
    child.on("exit", (code) => reject(new Error(`holder exited ${code}`)));
  });
  return child;
}

describe("the embedded database has one writer", () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), "yibao-lock-"));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("refuses a second process clearly, naming the holder, and takes over a dead one's lock", async () => {
    const dir = fresh();
    const child = await holder(dir);
    try {
      await expect(openDb({ dataDir: dir })).rejects.toMatchObject({
        code: "DATABASE_IN_USE",
        details: { pid: child.pid, dataDir: dir },
      });
      const cli = spawnSync(process.execPath, [BIN, "migrate"], {
        env: { ...process.env, YIBAO_DATA_DIR: dir, DATABASE_URL: "" },
        encoding: "utf8",
      });
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain("DATABASE_IN_USE");
      expect(cli.stderr).toContain(`process ${child.pid}`);
      expect(cli.stderr).not.toMatch(/Aborted|\n\s+at /);
    } finally {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
    // the holder died without releasing: its lock is stale and taken over
    const handle = await openDb({ dataDir: dir });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    await handle.close();
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow(); // released on close
  }, 180_000); // two child processes through tsx, and PGlite opened twice: slow on a loaded machine

  it("takes over a lock left by a dead process and refuses one held by a live process", () => {
    const dir = fresh();
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: dead, host: "elsewhere-not", command: "x", since: "" }),
    );
    expect(() => lockDataDir(dir)).toThrowError(expect.objectContaining({ code: "DATABASE_IN_USE" })); // other host
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: dead, host: hostname(), command: "x", since: "" }),
    );
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrowError(
      expect.objectContaining({
        code: "DATABASE_IN_USE",
        details: expect.objectContaining({ pid: process.pid }),
      }),
    );
    release();
    lockDataDir(dir)();
  });
});
