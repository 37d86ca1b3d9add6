import { setParams } from "../contributions/contribution-params.service.ts";
import { insertPolicyVersion } from "../catalogue/policy.repository.ts";
import { setFundBudget, recordFundEntry } from "../fund/fund.service.ts";
import { setPopulation } from "../indicators/population.service.ts";
import { createInstitution } from "../institutions/institution.service.ts";
import { policiesFor } from "./policies.ts";
import { prng, streamSeed } from "./prng.ts";
import { ELSEWHERE, contributionParams } from "./profiles.ts";
import { openingBalances, planYear } from "./plan.ts";
import { bookedReferences } from "./simulation.repository.ts";
import type { World } from "./world.ts";

/**
 * The region before its people: the city and its counties (and the region persons transfer to
 * and from), its institutions, benefit policies, contribution parameters, the resident
 * population, the year's budget and the funds' opening balances. Each step finds what a
 * previous attempt did and does only the rest.
 */
export async function setupRegion(w: World) {
  const { db, profile: p, year } = w;
  const regions = [
    { code: p.province.code, name: p.province.name, level: "province" as const, parent_code: null },
    { code: p.code, name: p.name, level: "city" as const, parent_code: p.province.code },
    ...p.counties.map((c) => ({ code: c.code, name: c.name, level: "county" as const, parent_code: p.code })),
    {
      code: ELSEWHERE.province.code,
      name: ELSEWHERE.province.name,
      level: "province" as const,
      parent_code: null,
    },
    {
      code: ELSEWHERE.city.code,
      name: ELSEWHERE.city.name,
      level: "city" as const,
      parent_code: ELSEWHERE.province.code,
    },
  ];
  for (const r of regions)
    await db
      .insertInto("regions")
      .values(r)
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
  await institutions(w);
  await policies(w);
  for (const region of [p.code, ...p.counties.map((c) => c.code), ELSEWHERE.city.code])
    for (const y of [year - 1, year]) await setParams(db, w.actor, region, y, contributionParams(p, y));
  await population(w);
  await budgetAndOpening(w);
}

async function institutions(w: World) {
  const present = new Set(
    (
      await w.db
        .selectFrom("institutions")
        .select("code")
        .where(
          "code",
          "in",
          w.institutions.map((i) => i.code),
        )
        .execute()
    ).map((r) => r.code),
  );
  for (const inst of w.institutions) {
    if (present.has(inst.code)) continue;
    await createInstitution(w.db, w.actor, {
      code: inst.code,
      name: inst.name,
      kind: inst.kind,
      level: String(inst.level) as "1",
      regionCode: inst.county < 0 ? w.profile.code : w.profile.counties[inst.county]!.code,
      paymentMethod: inst.payment,
      agreementFrom: `${w.year - 3}-01-01`,
    });
  }
}

async function policies(w: World) {
  const have = await w.db
    .selectFrom("benefit_policies")
    .select("id")
    .where("region_code", "=", w.profile.code)
    .where("year", "=", w.year)
    .executeTakeFirst();
  if (have) return;
  for (const doc of policiesFor(w.profile.policy))
    await insertPolicyVersion(w.db, w.profile.code, w.year, doc, w.actor.login);
}

/** The resident population: the insured at the start over a participation drawn from 95.5-98.5%. */
async function population(w: World) {
  const r = prng(streamSeed(w.seed, "participation"));
  const participation = 0.955 + r.next() * 0.03;
  await setPopulation(
    w.db,
    w.actor,
    {
      region: w.profile.code,
      year: w.year,
      population: BigInt(Math.round(w.insured / participation)),
      source: `simulated (seed ${w.seed}): the insured at the start of ${w.year} over a participation of ${(participation * 100).toFixed(2)}%`,
    },
    w.now(),
  );
}

async function budgetAndOpening(w: World) {
  const plan = planYear(w.population, w.institutions);
  const budget = await w.db
    .selectFrom("fund_budgets")
    .select("version")
    .where("region_code", "=", w.profile.code)
    .where("year", "=", w.year)
    .executeTakeFirst();
  if (!budget)
    await setFundBudget(
      w.db,
      w.actor,
      {
        region: w.profile.code,
        year: w.year,
        note: "set at the start of the year from planning figures per insured person (simulation)",
        funds: plan.funds,
      },
      w.now(),
    );
  const prefix = `SIM${w.runId}-opening-`;
  const booked = await bookedReferences(w.db, w.profile.code, prefix);
  for (const o of openingBalances(plan)) {
    if (booked.has(prefix + o.fund) || o.amount <= 0n) continue;
    await recordFundEntry(w.db, w.actor, {
      region: w.profile.code,
      fund: o.fund,
      kind: "opening",
      direction: "in",
      amount: o.amount,
      bookedOn: `${w.year}-01-01`,
      reference: prefix + o.fund,
    });
  }
}
