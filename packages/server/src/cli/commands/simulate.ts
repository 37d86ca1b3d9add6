import cliProgress from "cli-progress";
import type { Command } from "commander";
import { sql } from "kysely";
import { systemClock } from "../../clock.ts";
import { loadConfig } from "../../config.ts";
import type { Progress } from "../../features/simulation/world.ts";
import { positiveIntArg, regionArg, yearArg } from "../args.ts";
import { openConfiguredDb } from "../open.ts";

/** A bar per stage on stderr with its rate (lines every 10% without a terminal); stage times on stdout. */
function barProgress(): Progress {
  let bar: cliProgress.SingleBar | null = null;
  let started = 0;
  let label = "";
  let total = 0;
  let shown = 0;
  const rate = (done: number) => Math.round(done / Math.max((performance.now() - started) / 1000, 0.001));
  return {
    start(l, n) {
      label = l;
      total = n;
      shown = 0;
      started = performance.now();
      if (!process.stderr.isTTY) return;
      bar = new cliProgress.SingleBar(
        { format: `${l} [{bar}] {percentage}% {value}/{total} {rate}/s eta {eta}s`, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(n, 0, { rate: 0 });
    },
    tick(done) {
      if (bar) bar.update(done, { rate: rate(done) });
      else if (total > 0 && Math.floor((done * 10) / total) > shown) {
        shown = Math.floor((done * 10) / total);
        process.stderr.write(`${label}: ${done}/${total} ${rate(done)}/s\n`);
      }
    },
    stop() {
      bar?.stop();
      bar = null;
      if (label) console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      label = "";
    },
    log: (m) => console.log(m),
  };
}

export function register(program: Command) {
  program
    .command("simulate")
    .description(
      "simulate a pooling region for a year (docs/simulation.md): persons, employers, institutions, contributions, a year of care settled through the settlement service, liquidation; resumable (run again with the same options to continue)",
    )
    .requiredOption("--region <code>", "the city's code (nnnn00), e.g. 530100", regionArg)
    .requiredOption("--insured <n>", "insured persons at the start of the year", positiveIntArg(5_000_000))
    .requiredOption("--year <yyyy>", "the year", yearArg)
    .option("--seed <n>", "the seed: the same seed makes the same region", positiveIntArg(2_000_000_000), 1)
    .option(
      "--lanes <n>",
      "batches of care settled at once (each its own transaction)",
      positiveIntArg(64),
      3,
    )
    .option(
      "--months <n>",
      "stop after this month (12: the whole year and its liquidation)",
      positiveIntArg(12),
      12,
    )
    .action(
      async (o: {
        region: string;
        insured: number;
        year: number;
        seed: number;
        lanes: number;
        months: number;
      }) => {
        // loaded here, not with the CLI: every other command starts without the simulator
        const { simulate } = await import("../../features/simulation/simulate.ts");
        const { serverContext } = await import("../../features/settlement/context.ts");
        // Without JIT: the simulator's statements over a whole region are estimated costly enough
        // for PostgreSQL to compile them, which took longer than running them (docs/benchmarks.md).
        const handle = await openConfiguredDb("-c jit=off");
        try {
          const r = await simulate(
            handle.db,
            serverContext(),
            {
              region: o.region,
              insured: o.insured,
              year: o.year,
              seed: o.seed,
              lanes: o.lanes,
              months: o.months,
            },
            barProgress(),
            systemClock,
            loadConfig().debug,
          );
          const { rows } = await sql<{ settlements: string; size: string | null }>`
          select (select count(*) from settlements)::text as settlements,
            ${handle.engine === "postgres" ? sql`pg_size_pretty(pg_database_size(current_database()))` : sql`null`} as size`.execute(
            handle.db,
          );
          console.log(
            `simulated ${o.region} ${o.year}: ${r.persons} persons, ${rows[0]!.settlements} settlements in the database, ${r.seconds.toFixed(0)} s${rows[0]!.size ? `, database ${rows[0]!.size}` : ""}`,
          );
        } finally {
          await handle.close();
        }
      },
    );
  program
    .command("aggregates")
    .description("recompute the monthly aggregates the dashboards read (fund, indicators) from the ledgers")
    .argument("<action>", "refresh")
    .requiredOption("--year <yyyy>", "the year", yearArg)
    .action(async (action: string, o: { year: number }) => {
      if (action !== "refresh") throw new Error(`unknown action ${action} (refresh)`);
      const { refreshMonths } = await import("../../features/analytics/refresh.service.ts");
      const handle = await openConfiguredDb();
      try {
        const r = await refreshMonths(handle.db, { year: o.year, from: 1, to: 12 }, systemClock());
        console.log(`aggregates of ${o.year} refreshed in ${r.tookMs} ms`);
      } finally {
        await handle.close();
      }
    });
}
