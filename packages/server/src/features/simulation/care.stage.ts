import { beijingDay } from "@yibao/core/time";
import { isYibaoError } from "@yibao/core/errors";
import { fenToYuan } from "@yibao/core/money";
import { ageOn } from "@yibao/core/registry";
import { reimburse } from "../settlement/manual.service.ts";
import { type CaseJson, importCases } from "../payment/cases.import.ts";
import { reverseSettlement, settleVisit } from "../settlement/settle.service.ts";
import { cancelVisit, registerVisit, uploadFeeLines } from "../settlement/visit.service.ts";
import { type BillContext, chronicBill, inpatientBill, outpatientBill, pharmacyBill } from "./bills.ts";
import { type SimCase, drawCase, drawDelivery } from "./clinical.ts";
import type { CareEvent } from "./events.ts";
import { birthText, isEmployeeGroup } from "./population.ts";
import { type Rng, prng, streamSeed } from "./prng.ts";
import { MEAN_BILL, REVERSALS } from "./rates.ts";
import { batchesDone, markBatch, visitsOfMonth } from "./simulation.repository.ts";
import type { World } from "./world.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What a batch did, kept with its record. */
interface Tally {
  settled: number;
  reversed: number;
  manual: number;
  refused: Record<string, number>;
}

/** A visit a batch made before an interruption: settled (with its DRG case data) or left open. */
type Earlier = Map<
  string,
  { mdtrtId: string; status: string; setlId: string | null; medfee: string | null; fundPay: string | null }
>;

/**
 * Settles a month's care through the settlement service in this process (registerVisit,
 * uploadFeeLines, settleVisit with the run's SettlementContext: one statement each on the hot
 * path), `lanes` batches at a time. Batches hold disjoint persons, so lanes never race for one
 * person's accumulators. A batch is recorded once all its events are settled; a batch repeated
 * after an interruption skips the events whose visits were settled and cancels those left open.
 * Inpatient stays at DRG, DIP and per-diem hospitals become the cases the liquidation pays
 * (cases.import.ts, id = setl_id).
 */
export async function settleMonth(w: World, month: number, batches: CareEvent[][]) {
  const stage = `care-${month}`;
  const done = await batchesDone(w.db, w.runId, stage);
  const resumed = done.size > 0 || (await batchesDone(w.db, w.runId, `${stage}-started`)).size > 0;
  await markBatch(w.db, w.runId, `${stage}-started`, 0, null, w.now());
  const earlier: Earlier = new Map();
  if (resumed)
    for (const v of await visitsOfMonth(w.db, `S${w.runId}-${month}-`))
      if (!earlier.has(v.ipt_otp_no) || v.status === "settled")
        earlier.set(v.ipt_otp_no, {
          mdtrtId: v.mdtrt_id,
          status: v.status,
          setlId: v.setl_id,
          medfee: v.medfee,
          fundPay: v.fund_pay,
        });
  const total = batches.reduce((s, b) => s + b.length, 0);
  let settledEvents = batches.reduce((s, b, i) => s + (done.has(i) ? b.length : 0), 0);
  w.progress.start(`care ${w.year}-${String(month).padStart(2, "0")}`, total);
  w.progress.tick(settledEvents);
  let next = 0;
  const lane = async () => {
    for (;;) {
      const b = next++;
      if (b >= batches.length) return;
      if (done.has(b) || batches[b]!.length === 0) continue;
      const tally: Tally = { settled: 0, reversed: 0, manual: 0, refused: {} };
      const cases: CaseJson[] = [];
      for (const ev of batches[b]!) {
        await runEvent(w, month, ev, earlier, tally, cases);
        w.progress.tick(++settledEvents);
      }
      if (cases.length > 0) await importCases(w.db, cases);
      await markBatch(w.db, w.runId, stage, b, { ...tally }, w.now());
    }
  };
  await Promise.all(Array.from({ length: w.lanes }, lane));
  w.progress.stop();
}

async function runEvent(
  w: World,
  month: number,
  ev: CareEvent,
  earlier: Earlier,
  tally: Tally,
  cases: CaseJson[],
) {
  const before = earlier.get(ev.key);
  const r = prng(streamSeed(w.seed, "event", ev.key));
  const p = w.population;
  const i = ev.person;
  const begin = new Date(Date.UTC(w.year, month - 1, ev.day, r.int(8, 17) - 8, r.int(0, 59)));
  const age = ageOn(birthText(p.birth[i]!), `${w.year}-${String(month).padStart(2, "0")}-01`);
  try {
    if (ev.type === "away") return await claimAway(w, ev, r, begin, age, tally);
    if (before?.status === "settled") {
      if (before.setlId) caseOf(w, ev, r, begin, age, before.setlId, before, cases);
      return;
    }
    if (before) await cancelVisit(w.db, before.mdtrtId);
    await settleEvent(w, ev, r, begin, age, tally, cases);
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

async function settleEvent(
  w: World,
  ev: CareEvent,
  r: Rng,
  begin: Date,
  age: number,
  tally: Tally,
  cases: CaseJson[],
) {
  const inst = w.institutions[ev.institution]!;
  const employee = isEmployeeGroup(w.population.group[ev.person]!);
  const bill = billOf(w, ev, r, begin, age);
  // a stay ends by the year's end (the simulated year is the one settled)
  const yearEnd = Date.UTC(w.year, 11, 31, 14);
  const end = new Date(Math.min(bill.end.getTime() + 2 * HOUR, yearEnd));
  const visit = await registerVisit(
    w.db,
    {
      psnNo: w.psnNo[ev.person]!,
      insutype: employee ? "310" : "390",
      medType: bill.medType,
      institutionCode: inst.code,
      begntime: begin,
      iptOtpNo: ev.key,
      diseCodg: bill.stay?.diagnoses[0] ?? null,
    },
    w.settlement,
  );
  await uploadFeeLines(w.db, visit.mdtrt_id, bill.lines, w.settlement);
  const acctUsed = employee && (bill.medType === "41" || r.chance(0.6));
  const settle = (now: Date) =>
    settleVisit(w.db, { mdtrtId: visit.mdtrt_id, acctUsed, msgid: null, now }, w.settlement);
  let s = await settle(end);
  if (r.chance(REVERSALS)) {
    // the hospital corrects its bill: reverses (冲正) and settles again
    await reverseSettlement(
      w.db,
      { setlId: s.setlId!, msgid: null, now: new Date(end.getTime() + 60_000) },
      w.settlement,
    );
    s = await settle(new Date(end.getTime() + 120_000));
    tally.reversed++;
  }
  tally.settled++;
  if (bill.stay && ["drg", "dip", "per_diem"].includes(inst.payment))
    cases.push(
      toCase(
        w,
        ev,
        begin,
        end,
        age,
        bill.stay,
        s.setlId!,
        fenToYuan(s.result.amounts.medfee),
        fenToYuan(s.result.amounts.fundPay),
      ),
    );
}

/** The DRG case of an event settled before an interruption (its bill is drawn again, the same). */
function caseOf(
  w: World,
  ev: CareEvent,
  r: Rng,
  begin: Date,
  age: number,
  setlId: string,
  s: { medfee: string | null; fundPay: string | null },
  cases: CaseJson[],
) {
  const inst = w.institutions[ev.institution]!;
  if (ev.type === "outpatient" || ev.type === "chronic" || ev.type === "pharmacy") return;
  if (!["drg", "dip", "per_diem"].includes(inst.payment)) return;
  const bill = billOf(w, ev, r, begin, age);
  const end = new Date(Math.min(bill.end.getTime() + 2 * HOUR, Date.UTC(w.year, 11, 31, 14)));
  cases.push(
    toCase(
      w,
      ev,
      begin,
      end,
      age,
      bill.stay!,
      setlId,
      fenToYuan(BigInt(s.medfee!)),
      fenToYuan(BigInt(s.fundPay!)),
    ),
  );
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
