import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { Db } from "../db/database.ts";
import { refreshMonths } from "../features/analytics/refresh.service.ts";
import { recordFundEntry, setFundBudget } from "../features/fund/fund.service.ts";
import { setPopulation } from "../features/indicators/population.service.ts";
import { DEMO_REGION } from "./0000_platform.seed.ts";

/**
 * The demo region's fund side for 2026 (illustrative figures): the resident population the
 * participation rate needs, the year's budget, the pools' balances carried from the old system,
 * and the monthly aggregates the fund and indicator pages read, computed from what the seeds
 * before this one settled and collected.
 */
const SET_AT = new Date("2026-01-01T00:00:00+08:00");

export async function seed(db: Db, log: (msg: string) => void) {
  const insured = await db
    .selectFrom("enrolments")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("insutype", "in", ["310", "390"])
    .executeTakeFirstOrThrow();
  // a participation of about 96%, as the plans report for Kunming
  const population = (BigInt(insured.n) * 100n) / 96n + 1n;
  await setPopulation(
    db,
    SYSTEM_ACTOR,
    { region: DEMO_REGION, year: 2026, population, source: "demo figure" },
    SET_AT,
  );
  await setFundBudget(
    db,
    SYSTEM_ACTOR,
    {
      region: DEMO_REGION,
      year: 2026,
      note: "demo budget",
      funds: [
        { fund: "310100", income: 180_000_000n, expenditure: 150_000_000n },
        { fund: "390100", income: 200_000_000n, expenditure: 190_000_000n },
      ],
    },
    SET_AT,
  );
  for (const [fund, amount] of [
    ["310100", 110_000_000n],
    ["390100", 95_000_000n],
  ] as const)
    await recordFundEntry(db, SYSTEM_ACTOR, {
      region: DEMO_REGION,
      fund,
      kind: "opening",
      direction: "in",
      amount,
      bookedOn: "2026-01-01",
      reference: "demo: balance carried from the old system",
    });
  const r = await refreshMonths(db, { year: 2026, from: 1, to: 12 }, SET_AT);
  log(`demo: fund aggregates of 2026 in ${r.tookMs} ms`);
}
