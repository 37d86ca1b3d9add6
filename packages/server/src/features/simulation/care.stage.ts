import { beijingDay } from "@yibao/core/time";
import { isYibaoError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { ageOn } from "@yibao/core/registry";
import { reimburse } from "../settlement/manual.service.ts";
import { type CaseJson, importCases } from "../payment/cases.import.ts";
import { type BatchVisit, settleBatch } from "../settlement/batch.service.ts";
import { type BillContext, chronicBill, inpatientBill, outpatientBill, pharmacyBill } from "./bills.ts";
import { type SimCase, drawCase, drawDelivery } from "./clinical.ts";
import type { CareEvent } from "./events.ts";
import { birthText, isEmployeeGroup } from "./population.ts";
import { type Rng, prng, streamSeed } from "./prng.ts";
import { MEAN_BILL, REVERSALS } from "./rates.ts";
import { batchesDone, markBatch } from "./simulation.repository.ts";
import { type World, inLanes } from "./world.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What a batch did, kept with its record. */
interface Tally {
  settled: number;
  reversed: number;
  manual: number;
  refused: Record<string, number>;
}

/** An event of a batch as the batch path settles it, with what its DRG case needs. */
interface Planned {
  ev: CareEvent;
  begin: Date;
  end: Date;
  age: number;
  stay: SimCase | null;
}

/**
 * Settles a month's care through the settlement service's batch path in this process
 * (settleBatch, features/settlement/batch.service.ts: the same rules, engine and rows as
 * registerVisit, uploadFeeLines, settleVisit and reverseSettlement one at a time), `lanes`
 * batches at a time. Batches hold disjoint persons, so lanes never wait for one another's
 * locks. A batch lands whole with its record (simulation_batches) in one transaction, so an
 * interrupted run repeats only the batches that did not land. Stays claimed afterwards
 * (零星报销) go through the manual reimbursement one by one first, once per invoice. Inpatient
 * stays at DRG, DIP and per-diem hospitals become the cases the liquidation pays
 * (cases.import.ts, id = setl_id), in the batch's transaction.
 */
export async function settleMonth(w: World, month: number, batches: CareEvent[][]) {
  const stage = `care-${month}`;
  const done = await batchesDone(w.db, w.runId, stage);
  const total = batches.reduce((s, b) => s + b.length, 0);
  let settledEvents = batches.reduce((s, b, i) => s + (done.has(i) ? b.length : 0), 0);
  w.progress.start(`care ${w.year}-${String(month).padStart(2, "0")}`, total);
  w.progress.tick(settledEvents);
  await inLanes(w.lanes, batches, async (batch, b) => {
    if (done.has(b) || batch.length === 0) return;
    const tally: Tally = { settled: 0, reversed: 0, manual: 0, refused: {} };
    const planned: Planned[] = [];
    const visits: BatchVisit[] = [];
    for (const ev of batch) {
      const r = prng(streamSeed(w.seed, "event", ev.key));
      const begin = new Date(Date.UTC(w.year, month - 1, ev.day, r.int(8, 17) - 8, r.int(0, 59)));
      const age = ageOn(
        birthText(w.population.birth[ev.person]!),
        `${w.year}-${String(month).padStart(2, "0")}-01`,
      );
      if (ev.type === "away") {
        await refusing(w, ev, tally, () => claimAway(w, ev, r, begin, age, tally));
        continue;
      }
      const v = visitOf(w, ev, r, begin, age);
      planned.push({ ev, begin, end: v.settleAt, age, stay: v.stay });
      visits.push(v.visit);
    }
    await settleBatch(w.db, w.settlement, visits, async (trx, outcomes) => {
      const cases: CaseJson[] = [];
      for (const [k, o] of outcomes.entries()) {
        const p = planned[k]!;
        if (!o.ok) {
          tally.refused[o.error.code] = (tally.refused[o.error.code] ?? 0) + 1;
          if (w.debug) w.progress.log(`${p.ev.key}: ${o.error.code} ${o.error.message}`);
          continue;
        }
        tally.settled++;
        if (o.reversed) tally.reversed++;
        const inst = w.institutions[p.ev.institution]!;
        if (p.stay && ["drg", "dip", "per_diem"].includes(inst.payment))
          cases.push(
            toCase(
              w,
              p.ev,
              p.begin,
              p.end,
              p.age,
              p.stay,
              o.setlId,
              fenToYuan(o.result.amounts.medfee),
              fenToYuan(o.result.amounts.fundPay),
            ),
          );
      }
      if (cases.length > 0) await importCases(trx, cases);
      await markBatch(trx, w.runId, stage, b, { ...tally }, w.now());
    });
    settledEvents += batch.length;
    w.progress.tick(settledEvents);
  });
  w.progress.stop();
}

/** Runs one event through a service; a refusal is counted, not thrown. */
async function refusing(w: World, ev: CareEvent, tally: Tally, fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (err) {
    if (!isYibaoError(err)) throw err;
    tally.refused[err.code] = (tally.refused[err.code] ?? 0) + 1;
    if (w.debug) w.progress.log(`${ev.key}: ${err.code} ${err.message}`);
  }
}

/** The visit's medical type, bill and when it is settled. */
function billOf(w: World, ev: CareEvent, r: Rng, begin: Date, age: number) {
  const inst = w.institutions[ev.institution]!;
  const ctx: BillContext = { items: w.items, priceLevel: w.profile.priceLevel };
  const employee = isEmployeeGroup(w.population.group[ev.person]!);
  const lv = inst.level;
  switch (ev.type) {
    case "outpatient":
      return {
        medType: "11",
        lines: outpatientBill(r, ctx, lv, MEAN_BILL.outpatient[lv - 1]!, begin),
        end: begin,
        stay: null,
      };
    case "chronic":
      return {
        medType: "14",
        lines: chronicBill(r, ctx, MEAN_BILL.chronic[lv - 1]!, begin),
        end: begin,
        stay: null,
      };
    case "pharmacy":
      return {
        medType: "41",
        lines: pharmacyBill(r, ctx, MEAN_BILL.pharmacy, begin),
        end: begin,
        stay: null,
      };
    default: {
      const stay = stayOf(w, ev, r, age, lv);
      const lines = inpatientBill(
        r,
        ctx,
        { ...stay, caesarean: ev.type === "delivery" && stay.surgical },
        begin,
      );
      const medType = ev.type === "delivery" && employee ? "52" : "21";
      return { medType, lines, end: new Date(begin.getTime() + stay.los * DAY), stay };
    }
  }
}

function stayOf(w: World, ev: CareEvent, r: Rng, age: number, level: number): SimCase {
  if (ev.type === "delivery") return drawDelivery(r, level);
  const died = w.population.deathDay[ev.person]! > 0 && r.chance(0.3);
  return drawCase(r, w.population.gender[ev.person]!, age, level, died);
}

/**
 * The event as a visit of the batch: registered at `begin`, its bill uploaded, settled when the
 * patient leaves (a stay ends by the year's end: the simulated year is the one settled), with
 * the account for employees' pharmacy purchases and most of their visits; some bills are
 * corrected (reversed and settled again). Draws from the event's stream in the order it always has.
 */
function visitOf(w: World, ev: CareEvent, r: Rng, begin: Date, age: number) {
  const inst = w.institutions[ev.institution]!;
  const employee = isEmployeeGroup(w.population.group[ev.person]!);
  const bill = billOf(w, ev, r, begin, age);
  const yearEnd = Date.UTC(w.year, 11, 31, 14);
  const end = new Date(Math.min(bill.end.getTime() + 2 * HOUR, yearEnd));
  const acctUsed = employee && (bill.medType === "41" || r.chance(0.6));
  const corrected = r.chance(REVERSALS);
  const visit: BatchVisit = {
    visit: {
      psnNo: w.psnNo[ev.person]!,
      insutype: employee ? "310" : "390",
      medType: bill.medType,
      institutionCode: inst.code,
      begntime: begin,
      iptOtpNo: ev.key,
      diseCodg: bill.stay?.diagnoses[0] ?? null,
    },
    lines: bill.lines,
    acctUsed,
    settleAt: end,
    ...(corrected
      ? { reversal: { at: new Date(end.getTime() + 60_000), resettleAt: new Date(end.getTime() + 120_000) } }
      : {}),
  };
  return { visit, settleAt: end, stay: bill.stay };
}

function toCase(
  w: World,
  ev: CareEvent,
  begin: Date,
  end: Date,
  age: number,
  stay: SimCase,
  setlId: string,
  cost: string,
  fundPaid: string,
): CaseJson {
  const day = (d: Date) => beijingDay(d);
  return {
    id: setlId,
    fixmedins_code: w.institutions[ev.institution]!.code,
    psn_no: w.psnNo[ev.person]!,
    admission: day(begin),
    discharge: day(end),
    gender: String(w.population.gender[ev.person]),
    age,
    ageDays: age * 365,
    los: Math.max(1, Math.round((end.getTime() - begin.getTime()) / DAY)),
    dischargeWay: stay.dischargeWay,
    diagnoses: stay.diagnoses,
    procedures: stay.procedures,
    cost,
    fundPaid,
  };
}

/**
 * A stay in a hospital of another province, paid in cash and claimed afterwards by manual
 * reimbursement (零星报销): the invoice's issuer code names the province (Guangdong, Sichuan,
 * Beijing). Reimbursed once per invoice (the invoice is the key), so a repeated batch is answered.
 */
async function claimAway(w: World, ev: CareEvent, r: Rng, begin: Date, age: number, tally: Tally) {
  const stay = drawCase(r, w.population.gender[ev.person]!, age, 3, false);
  const ctx: BillContext = { items: w.items, priceLevel: 1.05 };
  const lines = inpatientBill(r, ctx, stay, begin);
  const end = new Date(begin.getTime() + stay.los * DAY);
  const claimed = new Date(Math.min(end.getTime() + r.int(5, 30) * DAY, Date.UTC(w.year, 11, 31, 6)));
  const issuer = `H${r.pick(["440100", "510100", "110100"])}${String(r.int(1, 40)).padStart(5, "0")}`;
  const billDate = beijingDay(new Date(Math.min(end.getTime(), claimed.getTime())));
  await reimburse(
    w.db,
    w.settlement,
    w.actor,
    {
      psnNo: w.psnNo[ev.person]!,
      insutype: isEmployeeGroup(w.population.group[ev.person]!) ? "310" : "390",
      medType: "21",
      level: "3",
      billDate,
      institutionCode: issuer,
      invoiceNo: ev.key.replace(/-/g, ""),
      useAccount: false,
      lines: lines.map((l) => ({ code: l.code, pric: l.pric, cnt: l.cnt })),
    },
    null,
    claimed,
  );
  tally.manual++;
}
