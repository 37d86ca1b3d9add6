import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfig } from "../config.ts";
import type { Db } from "../db/database.ts";
import { serverContext } from "../features/settlement/context.ts";
import { findRun } from "../features/simulation/simulation.repository.ts";
import type { Progress } from "../features/simulation/world.ts";
import { DEMO_SIMULATION } from "./demo-region.ts";

/**
 * The demo: the region simulator (docs/simulation.md) at small scale, then the layers the
 * simulator does not make, each file `NNNN_x.seed.ts` in this folder in file-name order: its
 * `seed(db, log)` adds a second region with filings and out-of-region visits (0650), the
 * operators (0900, last: their presence says the demo is complete). Deterministic: the
 * simulator's seed and each layer's fixed seed give every fresh machine the same region.
 *
 * Loaded when the database has no region. An interrupted load resumes the simulation (it records
 * what it finished) when started again; a layer interrupted part way cannot be resumed, and says so
 * (the second region, 0650, is the first layer: its presence says the simulation finished).
 */
type Seed = (db: Db, log: (msg: string) => void) => Promise<void>;

export async function seedDemoIfEmpty(
  db: Db,
  log: (msg: string) => void,
  now: () => Date = () => new Date(),
): Promise<boolean> {
  if (!(await demoToLoad(db))) return false;
  const { simulate } = await import("../features/simulation/simulate.ts");
  const s = DEMO_SIMULATION;
  log(
    `demo: simulating ${s.region} for ${s.year}, ${s.insured} insured, seed ${s.seed} (docs/simulation.md)`,
  );
  const { debug } = loadConfig();
  const sim = await simulate(db, serverContext(), { ...s }, stageLog(log, debug), now, debug);
  log(`demo: simulated ${sim.persons} persons in ${sim.seconds.toFixed(0)} s`);
  const dir = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_.*\.seed\.ts$/.test(f))
    .sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { seed: Seed };
    const started = Date.now();
    await mod.seed(db, log);
    log(`demo: ${f.replace(/\.seed\.ts$/, "")} loaded in ${Date.now() - started} ms`);
  }
  return true;
}

/**
 * Whether the demo is to be loaded: into an empty database, or to finish a simulation the demo
 * started. A database with regions and no demo run (a real one, or `yibao simulate`'s) is left alone.
 */
async function demoToLoad(db: Db): Promise<boolean> {
  const any = await db.selectFrom("regions").select("code").limit(1).executeTakeFirst();
  if (!any) return true;
  const s = DEMO_SIMULATION;
  const run = await findRun(db, s.region, s.year);
  if (!run || Number(run.seed) !== s.seed || run.insured !== s.insured) return false;
  const operators = await db.selectFrom("operators").select("id").limit(1).executeTakeFirst();
  if (operators) return false;
  const layered = await db
    .selectFrom("regions")
    .select("code")
    .where("code", "=", "530400")
    .executeTakeFirst();
  if (layered)
    throw new Error(
      "the demo's load was interrupted after its simulation and cannot be resumed: remove the data directory (YIBAO_DATA_DIR, default ./data) and start again",
    );
  return true;
}

/**
 * A line per month of care (no bars: the server's log is not a terminal); with YIBAO_DEBUG, every
 * stage's time and the settlements the simulator saw refused.
 */
function stageLog(log: (msg: string) => void, debug: boolean): Progress {
  let label = "";
  let started = 0;
  return {
    start(l) {
      label = l;
      started = performance.now();
    },
    tick() {},
    stop() {
      if (label.startsWith("care")) log(`demo: ${label} in ${Math.round(performance.now() - started)} ms`);
      label = "";
    },
    log: (m) => {
      if (debug) log(`demo: ${m}`);
    },
  };
}
