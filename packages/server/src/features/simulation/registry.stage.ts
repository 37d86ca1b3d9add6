import { makeUscc } from "@yibao/core/registry";
import { sql } from "kysely";
import { recordAudit } from "../../audit/audit.ts";
import { assertImported, importCsv } from "../registry/import.service.ts";
import { openAccounts } from "./collection.ts";
import { GROUPS, birthText, careGroupOf, isEmployeeGroup, psnTypeOf } from "./population.ts";
import { personName, prng, logNormal, streamSeed } from "./prng.ts";
import { ELSEWHERE, type RegionProfile } from "./profiles.ts";
import { FUND } from "./rates.ts";
import { batchesDone, markBatch, psnNosOf } from "./simulation.repository.ts";
import { type World, regionCodes } from "./world.ts";

const BATCH = 20_000;
const CARD = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** The employer of index e: its credit code (统一社会信用代码) and county. */
export function employerOf(w: World, e: number) {
  const county = w.profile.counties[e % w.profile.counties.length]!;
  return { uscc: makeUscc(county.code, 100_000 + e), county };
}

/**
 * Employers, the persons insured at the start of the year and those who will transfer in
 * (registered in their old region), through the registry's CSV import (all-or-nothing per batch
 * of 20,000: a batch whose first person exists was imported); assistance recipients; and, for
 * persons migrated from the old system, their benefits and personal-account balances.
 */
export async function registerPopulation(w: World) {
  await importEmployers(w);
  const p = w.population;
  const arrivalsFrom = p.base + p.births;
  await importPersons(w, "persons", 0, p.base);
  await importPersons(w, "arrivals", arrivalsFrom, arrivalsFrom + p.arrivals);
  await fillPsnNos(w);
  await importAssistance(w);
  await migrateBenefits(w);
  await openingAccounts(w);
}

async function importEmployers(w: World) {
  const done = await batchesDone(w.db, w.runId, "employers");
  const kinds = [
    "科技有限公司",
    "建设集团有限公司",
    "商贸有限公司",
    "物流有限公司",
    "食品有限公司",
    "医药有限公司",
  ];
  for (let b = 0; b * BATCH < w.population.employers; b++) {
    if (done.has(b)) continue;
    const rows = ["uscc,name,region_code"];
    const first = employerOf(w, b * BATCH).uscc;
    const there = await w.db
      .selectFrom("employers")
      .select("id")
      .where("uscc", "=", first)
      .executeTakeFirst();
    if (!there) {
      for (let e = b * BATCH; e < Math.min(w.population.employers, (b + 1) * BATCH); e++) {
        const { uscc, county } = employerOf(w, e);
        rows.push(`${uscc},${w.profile.short}${county.name}${e}${kinds[e % kinds.length]},${county.code}`);
      }
      assertImported(await importCsv(w.db, w.actor, "employers", rows.join("\n"), `${w.year}-01-01`));
    }
    await markBatch(w.db, w.runId, "employers", b, null, w.now());
  }
}

async function importPersons(w: World, stage: string, from: number, to: number) {
  const done = await batchesDone(w.db, w.runId, stage);
  const p = w.population;
  w.progress.start(stage === "persons" ? "registry: persons" : "registry: arrivals", to - from);
  for (let b = 0; from + b * BATCH < to; b++) {
    const lo = from + b * BATCH;
    const hi = Math.min(to, lo + BATCH);
    if (!done.has(b)) {
      const there = await w.db
        .selectFrom("persons")
        .select("id")
        .where("certno", "=", p.certno[lo]!)
        .executeTakeFirst();
      if (!there) {
        const rows = [
          "certno,name,phone,address,household_no,region_code,card_no,card_sn,insutype,psn_type,employer_uscc,flexible,start_date",
        ];
        for (let i = lo; i < hi; i++) rows.push(personRow(w, i, stage === "arrivals"));
        assertImported(await importCsv(w.db, w.actor, "persons", rows.join("\n"), `${w.year}-01-01`));
      }
      await markBatch(w.db, w.runId, stage, b, null, w.now());
    }
    w.progress.tick(hi - from);
  }
  w.progress.stop();
}

/** One person's CSV row: identity, contact and card drawn from the person's own stream. */
function personRow(w: World, i: number, arrival: boolean): string {
  const p = w.population;
  const g = GROUPS[p.group[i]!]!;
  const county = arrival
    ? { code: ELSEWHERE.city.code, name: ELSEWHERE.city.name }
    : w.profile.counties[p.county[i]!]!;
  const id = personIdentity(w.seed, w.profile, i, county, arrival);
  const birth = birthText(p.birth[i]!);
  const yearStart = `${w.year - 1}-01-01`;
  const start = birth > yearStart ? birth : yearStart;
  const employee = isEmployeeGroup(p.group[i]!);
  const employer = p.employer[i]! >= 0 ? employerOf(w, p.employer[i]!).uscc : "";
  const flexible = g === "flexible" ? "1" : "0";
  return [
    p.certno[i],
    id.name,
    id.phone,
    id.address,
    `HH${county.code}${String(Math.floor(i / 3)).padStart(7, "0")}`,
    county.code,
    id.card,
    id.cardSn,
    employee ? "310" : "390",
    psnTypeOf(p, i, w.year),
    employer,
    flexible,
    start,
  ].join(",");
}

/**
 * Person i's name, contact and social security card (card_no, card_sn), drawn from the person's
 * own stream: pure, so a client that meets the region's patients (his-sim) knows their cards
 * without reading the database.
 */
export function personIdentity(
  seed: number,
  profile: RegionProfile,
  i: number,
  county: { name: string },
  arrival: boolean,
) {
  const r = prng(streamSeed(seed, "person", i));
  const phone = `1${r.pick(["3", "5", "8"])}${String(r.int(0, 999_999_999)).padStart(9, "0")}`;
  const address = `${arrival ? ELSEWHERE.city.name : profile.name}${county.name}某街道${r.int(1, 300)}号`;
  let card = "";
  for (let k = 0; k < 5; k++) card += CARD[r.int(0, CARD.length - 1)];
  card += profile.code + i.toString(36).toUpperCase().padStart(5, "0");
  let cardSn = "";
  for (let k = 0; k < 32; k++) cardSn += "0123456789ABCDEF"[r.int(0, 15)];
  return { phone, address, card, cardSn, name: personName(r) };
}

/** psn_no by person index, for every person registered so far (the run's stages look persons up by it). */
export async function fillPsnNos(w: World) {
  const p = w.population;
  const n = p.base + p.births + p.arrivals;
  for (let lo = 0; lo < n; lo += 50_000) {
    const certnos = p.certno.slice(lo, Math.min(n, lo + 50_000));
    const found = await psnNosOf(w.db, certnos);
    certnos.forEach((c, k) => {
      w.psnNo[lo + k] = found.get(c) ?? "";
    });
  }
}

async function importAssistance(w: World) {
  const done = await batchesDone(w.db, w.runId, "assistance");
  if (done.has(0)) return;
  const p = w.population;
  const rows = ["certno,category,valid_from,valid_to"];
  for (let i = 0; i < p.base; i++)
    if (p.assistance[i]! > 0)
      rows.push(`${p.certno[i]},${["", "tk", "db", "jc"][p.assistance[i]!]},${w.year - 1}-01-01,`);
  const first = w.psnNo[p.assistance.findIndex((a) => a > 0)];
  const there = first
    ? await w.db
        .selectFrom("assistance_categories as c")
        .innerJoin("persons as p", "p.id", "c.person_id")
        .select("c.id")
        .where("p.psn_no", "=", first)
        .executeTakeFirst()
    : true;
  if (!there && rows.length > 1)
    assertImported(await importCsv(w.db, w.actor, "assistance", rows.join("\n"), `${w.year}-01-01`));
  await markBatch(w.db, w.runId, "assistance", 0, { recipients: rows.length - 1 }, w.now());
}

/**
 * Persons migrated from the old system were insured before the year: an employee's benefits run
 * from the enrolment's start (their contributions of earlier years are the old system's). A
 * resident's start with the year's premium, paid in the collection stage.
 */
async function migrateBenefits(w: World) {
  const regions = regionCodes(w);
  await w.db.transaction().execute(async (trx) => {
    const { numUpdatedRows } = await trx
      .updateTable("enrolments")
      .set({ benefit_start_date: sql`start_date` })
      .where("region_code", "in", regions)
      .where("insutype", "=", "310")
      .where("benefit_start_date", "is", null)
      .where("start_date", "<", `${w.year}-01-01`)
      .executeTakeFirst();
    if (numUpdatedRows > 0n)
      await recordAudit(trx, w.actor, {
        action: "enrolment.migrate.benefits",
        entity: "enrolments",
        entityId: w.profile.code,
        after: { enrolments: numUpdatedRows, year: w.year },
      });
  });
}

async function openingAccounts(w: World) {
  const done = await batchesDone(w.db, w.runId, "accounts");
  const p = w.population;
  for (let b = 0; b * BATCH < p.base; b++) {
    if (done.has(b)) continue;
    const balances = [];
    for (let i = b * BATCH; i < Math.min(p.base, (b + 1) * BATCH); i++) {
      if (!isEmployeeGroup(p.group[i]!)) continue;
      const r = prng(streamSeed(w.seed, "account", i));
      const median =
        careGroupOf(p.group[i]!) === "retiree" ? FUND.openingAccount.retiree : FUND.openingAccount.working;
      balances.push({ psnNo: w.psnNo[i]!, amount: BigInt(Math.round(median * logNormal(r, 0.8) * 100)) });
    }
    await openAccounts(w.db, w.actor, w.year, balances, w.now());
    await markBatch(w.db, w.runId, "accounts", b, null, w.now());
  }
}
