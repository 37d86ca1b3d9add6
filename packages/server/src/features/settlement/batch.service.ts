import { type YibaoError, isYibaoError } from "@yibao/core/errors";
import { ageOn } from "@yibao/core/registry";
import {
  AMOUNT_KEYS,
  type AccumulatorDelta,
  type Accumulators,
  type AssistanceCategoryCode,
  type SettlementResult,
  applyDelta,
  isInpatient,
  reverseResult,
} from "@yibao/core/settlement";
import { beijingDay, beijingYear } from "@yibao/core/time";
import type { Db, Executor } from "../../db/database.ts";
import { deltaToJson } from "./accumulator.repository.ts";
import {
  type BatchRows,
  type Registered,
  nextIds,
  openAndLockState,
  readRegistrations,
  writeBatch,
  ytdKey,
} from "./batch.repository.ts";
import type { SettlementContext } from "./context.ts";
import { type FeeLineInput, lineRow, lineState } from "./fee-lines.ts";
import { ledgerEntries } from "./ledger.ts";
import type { Patient, SettlementSource } from "./settle.repository.ts";
import { compute, setlIdOf } from "./settle.service.ts";
import { SETTLEMENT_AMOUNT_COLUMNS } from "./settlement.table.ts";
import type { VisitRow } from "./visit.repository.ts";
import { type NewVisit, newVisitRow, visitLevel, whyRefused } from "./visit.service.ts";

/**
 * One visit of a batch, as the one-at-a-time path would make it: registered (registerVisit), its
 * lines uploaded (uploadFeeLines), settled (settleVisit) at `settleAt`; with `reversal`, reversed
 * (reverseSettlement) and settled again.
 */
export interface BatchVisit {
  visit: NewVisit;
  lines: FeeLineInput[];
  acctUsed: boolean;
  settleAt: Date;
  /** the hospital corrects its bill: reversed (冲正) at `at`, settled again at `resettleAt` */
  reversal?: { at: Date; resettleAt: Date };
}

/** What became of a visit of the batch: settled (the last settlement), or refused with the code the service gives. */
export type BatchOutcome =
  | { ok: true; mdtrtId: string; setlId: string; result: SettlementResult; reversed: boolean }
  | { ok: false; mdtrtId: string | null; error: YibaoError };

/** A settlement or reversal computed in memory, written when the batch is done. */
interface Computed {
  visit: VisitRow;
  year: number;
  kind: "settle" | "reverse";
  reverses: Computed | null;
  result: SettlementResult;
  setlTime: Date;
  /** the account's balance after it, when the account paid */
  balanceAfter: bigint | null;
  id?: bigint;
}

const ASSISTANCE = [null, "tk", "db", "jc"] as const;
const hasAccount = (insutype: string) => insutype === "310";

/**
 * Settles a batch of visits in one transaction (docs/simulation.md): the same rules, the same
 * core engine and the same rows as the one-at-a-time path (registerVisit, uploadFeeLines,
 * settleVisit, reverseSettlement; batch.test.ts compares them row by row), but the persons'
 * accumulators and accounts are read and locked once, every settlement is computed in memory in
 * the order given, and the visits, fee lines, settlements, ledgers, accumulators and balances are
 * written a table at a time. A visit the service would refuse is refused here with the same code
 * and leaves what the one-at-a-time path would leave (an open visit, if it was registered).
 * `within` runs in the same transaction after the writes (a caller's resume cursor).
 */
export async function settleBatch(
  db: Db,
  ctx: SettlementContext,
  visits: BatchVisit[],
  within?: (trx: Executor, outcomes: BatchOutcome[]) => Promise<void>,
): Promise<BatchOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const outcomes = await settleBatchIn(trx, ctx, visits);
    if (within) await within(trx, outcomes);
    return outcomes;
  });
}

/** settleBatch inside the caller's transaction. */
export async function settleBatchIn(
  trx: Executor,
  ctx: SettlementContext,
  visits: BatchVisit[],
): Promise<BatchOutcome[]> {
  const outcomes: (BatchOutcome | undefined)[] = new Array(visits.length);
  const refuse = (i: number, mdtrtId: string | null, err: unknown) => {
    if (!isYibaoError(err)) throw err;
    outcomes[i] = { ok: false, mdtrtId, error: err };
  };

  // 1. Registration: the institution's agreement, then the person's enrolment, all visits at once.
  const levels = new Map<number, "1" | "2" | "3">();
  const candidates: Parameters<typeof readRegistrations>[1] = [];
  for (const [i, b] of visits.entries()) {
    const day = beijingDay(b.visit.begntime);
    try {
      levels.set(i, await visitLevel(trx, ctx, b.visit, day));
      candidates.push({
        i,
        psnNo: b.visit.psnNo,
        insutype: b.visit.insutype,
        day,
        institution: b.visit.institutionCode,
      });
    } catch (err) {
      refuse(i, null, err);
    }
  }
  const regs = await readRegistrations(trx, candidates);
  for (const c of candidates) {
    if (regs.has(c.i)) continue;
    try {
      await whyRefused(trx, visits[c.i]!.visit, c.day);
    } catch (err) {
      refuse(c.i, null, err);
      continue;
    }
    throw new Error(`registration of visit ${c.i} of the batch refused for no reason`);
  }

  // 2. The persons' accumulators and accounts, opened if missing and locked.
  const registered = candidates.filter((c) => regs.has(c.i));
  const state = await openAndLockState(
    trx,
    registered.map((c) => ({
      person_id: regs.get(c.i)!.person_id,
      year: beijingYear(visits[c.i]!.visit.begntime),
    })),
    registered.filter((c) => hasAccount(c.insutype)).map((c) => regs.get(c.i)!.person_id),
  );
  const versions = await ctx.reference.catalogueVersions(
    trx,
    registered.flatMap((c) =>
      visits[c.i]!.lines.filter((l) => !l.catalogClass && !l.initFeedetlSn).map((l) => l.code),
    ),
  );
  // An id for every visit that reached the registration (as registerVisit draws one before its guard).
  const drawn = await nextIds(trx, "visits_id_seq", candidates.length);
  const visitIds = new Map(candidates.map((c, k) => [c.i, drawn[k]!]));

  // 3. Each visit in order, in memory.
  const rows: BatchRows = {
    visits: [],
    lines: [],
    settlements: [],
    fundLedger: [],
    accountLedger: [],
    accumulators: [],
    balances: [],
  };
  const computed: Computed[] = [];
  const last = new Map<number, Computed>();
  const paidAt = new Map<bigint, Date>();
  const touched = new Set<string>();
  for (const c of registered) {
    const b = visits[c.i]!;
    const reg = regs.get(c.i)!;
    const visit = newVisitRow(visitIds.get(c.i)!, b.visit, levels.get(c.i)!, reg);
    rows.visits.push(visit);
    const year = beijingYear(b.visit.begntime);
    const key = ytdKey(reg.person_id, year);
    touched.add(key);
    const patient = patientOf(reg);
    const assistance: AssistanceCategoryCode | null = reg.maf_rank ? ASSISTANCE[reg.maf_rank]! : null;
    const balanceOf = () => (hasAccount(visit.insutype) ? (state.balance.get(reg.person_id) ?? 0n) : 0n);
    const post = (
      kind: Computed["kind"],
      result: SettlementResult,
      setlTime: Date,
      reverses: Computed | null,
    ) => {
      const ytd = state.ytd.get(key)!;
      state.ytd.set(key, addDelta(ytd, result.delta));
      let balanceAfter: bigint | null = null;
      if (result.amounts.accountPay !== 0n) {
        const before = state.balance.get(reg.person_id);
        if (before === undefined) throw new Error("account payment without an account row");
        balanceAfter = before - result.amounts.accountPay;
        state.balance.set(reg.person_id, balanceAfter);
        paidAt.set(reg.person_id, setlTime);
      }
      const s: Computed = { visit, year, kind, reverses, result, setlTime, balanceAfter };
      computed.push(s);
      visit.status = kind === "settle" ? "settled" : visit.endtime ? "discharged" : "open";
      visit.version += 1;
      return s;
    };
    try {
      const st = lineState(
        "feedetail",
        [],
        versions,
        {
          gender: reg.gender,
          age: ageOn(reg.birth_date, c.day),
          level: visit.level,
          setting: isInpatient(visit.med_type) ? "inpatient" : "outpatient",
        },
        visit.treatment_region,
      );
      const lines = b.lines.map((l, j) => lineRow(l, j, st));
      visit.version += 1; // the upload
      for (const l of lines) rows.lines.push({ ...l, visit_id: visit.id });
      const settle = async (now: Date) => {
        const source: SettlementSource = {
          visit: { ...visit },
          year,
          patient,
          read: { ytd: state.ytd.get(key)!, balance: state.balance.get(reg.person_id) ?? null, assistance },
          lines,
        };
        const result = await compute(trx, ctx.reference, source, {
          mdtrtId: visit.mdtrt_id,
          acctUsed: b.acctUsed,
          now,
        });
        return post("settle", result, now, null);
      };
      let s = await settle(b.settleAt);
      if (b.reversal) {
        post("reverse", reverseResult(s.result, balanceOf()), b.reversal.at, s);
        s = await settle(b.reversal.resettleAt);
      }
      last.set(c.i, s);
    } catch (err) {
      refuse(c.i, visit.mdtrt_id, err);
    }
  }

  // 4. Settlement ids in the order computed, then every row.
  const ids = await nextIds(trx, "settlements_id_seq", computed.length);
  for (const [j, s] of computed.entries()) {
    s.id = ids[j]!;
    const setlId = setlIdOf(s.id);
    const a = s.result.amounts;
    const row: Record<string, unknown> = {
      id: s.id,
      setl_id: setlId,
      visit_id: s.visit.id,
      person_id: s.visit.person_id,
      year: s.year,
      kind: s.kind,
      reverses_id: s.reverses?.id ?? null,
      msgid: null,
    };
    for (const k of AMOUNT_KEYS) row[SETTLEMENT_AMOUNT_COLUMNS[k]] = a[k];
    row.funds = s.result.funds.map((f) => ({ fundPayType: f.fundPayType, amount: String(f.amount) }));
    row.delta = deltaToJson(s.result.delta);
    row.setl_time = s.setlTime;
    rows.settlements.push(row as BatchRows["settlements"][number]);
    const entries = ledgerEntries(s.visit.institution_code ?? `person:${s.visit.person_id}`, s.result);
    for (const [e, account] of entries.accounts.entries())
      rows.fundLedger.push({
        settlement_id: s.id,
        account,
        debit: entries.debits[e]!,
        credit: entries.credits[e]!,
      });
    if (s.balanceAfter !== null)
      rows.accountLedger.push({
        person_id: s.visit.person_id,
        amount: -a.accountPay,
        balance_after: s.balanceAfter,
        kind: s.kind === "settle" ? "settlement" : "settlement_reversal",
        ref_type: "settlement",
        ref_id: setlId,
      });
  }
  for (const key of touched) {
    const [person, year] = key.split("|");
    rows.accumulators.push({ person_id: BigInt(person!), year: Number(year), ...state.ytd.get(key)! });
  }
  for (const [person, at] of paidAt)
    rows.balances.push({ person_id: person, balance: state.balance.get(person)!, updated_at: at });
  await writeBatch(trx, rows);

  const reversed = new Set(computed.flatMap((r) => (r.reverses ? [r.visit] : [])));
  for (const [i, s] of last)
    outcomes[i] = {
      ok: true,
      mdtrtId: s.visit.mdtrt_id,
      setlId: setlIdOf(s.id!),
      result: s.result,
      reversed: reversed.has(s.visit),
    };
  return outcomes.map((o, i) => {
    if (!o) throw new Error(`visit ${i} of the batch has no outcome`);
    return o;
  });
}

function patientOf(r: Registered): Patient {
  return {
    psnNo: r.psn_no,
    name: r.name,
    certno: r.certno,
    gender: r.gender,
    birthDate: r.birth_date,
    psnType: r.psn_type,
    regionCode: r.region_code,
  };
}

function addDelta(acc: Accumulators, d: AccumulatorDelta): Accumulators {
  const { balance: _, ...ytd } = applyDelta({ ...acc, balance: 0n }, d);
  return ytd;
}
