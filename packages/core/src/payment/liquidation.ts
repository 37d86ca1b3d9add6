import { type Fen, type Ratio, applyRatio, divRoundHalfUp } from "../money/index.ts";
import { allocate } from "./allocate.ts";
import { type CaseKind, type PointRules, DEFAULT_POINT_RULES, casePoints } from "./points.ts";
import { type GroupWeight, SCALE } from "./weights.ts";

/**
 * Year-end liquidation (年终清算) of DRG points under a global budget (区域总额预算 + 点数法):
 * every case's points, the point value = budget / total points, each hospital's DRG amount (the
 * budget split by points, exactly), then 结余留用/超支分担 against what the patients' settlements
 * already paid from the funds, supervision deductions, and what remains after the monthly advances.
 */
export interface PaidCase {
  id: string;
  hospital: string;
  personId: string;
  group: string; // DRG
  cost: Fen; // medfee of the stay
  fundPaid: Fen; // what settlements paid from the funds for it
  admission: string; // yyyy-MM-dd
  discharge: string;
  specialReview?: boolean; // 特病单议
}

/** A supervision case's deduction (扣款) as a statement lists it: the case number and the amount. */
export interface CaseDeduction {
  caseNo: string;
  amount: Fen;
}

export interface HospitalTerms {
  code: string;
  coefficient: bigint; // adjustment coefficient x 10^4 (by level or history)
  deduction: Fen; // supervision deductions (扣款): the sum of `deductions` when they are listed
  deductions?: readonly CaseDeduction[]; // the cases behind `deduction`
  advances: Fen; // monthly pre-settlement already paid
}

export interface LiquidationRules extends PointRules {
  surplusKept: Ratio; // share of a surplus the hospital keeps (结余留用)
  overspendShared: Ratio; // share of an overspend the fund covers (超支分担)
  readmissionDays: number; // 分解住院 window
}

export const DEFAULT_LIQUIDATION_RULES: LiquidationRules = {
  ...DEFAULT_POINT_RULES,
  surplusKept: 6_000n,
  overspendShared: 5_000n,
  readmissionDays: 15,
};

export interface CaseLine {
  id: string;
  group: string;
  cost: Fen;
  fundPaid: Fen;
  kind: CaseKind;
  points: bigint; // x 10^4
  readmission: boolean; // same person, same DRG within the window: flagged for audit
  explain: string;
}

export interface HospitalStatement {
  hospital: string;
  coefficient: bigint;
  cases: CaseLine[];
  points: bigint; // x 10^4
  drgAmount: Fen; // share of the budget by points
  fundPaid: Fen; // what settlements paid from the funds
  surplus: Fen; // drgAmount - fundPaid when positive
  overspend: Fen; // fundPaid - drgAmount when positive
  adjustment: Fen; // kept surplus (negative: not kept) or shared overspend
  deduction: Fen;
  deductions: CaseDeduction[]; // the cases behind `deduction`, by case number
  payable: Fen; // fundPaid + adjustment - deduction... see liquidate()
  advances: Fen;
  balanceDue: Fen; // payable - advances (negative: to be recovered)
}

export interface Liquidation {
  budget: Fen;
  totalPoints: bigint; // x 10^4
  pointValue: string; // yuan per point, 6 decimals, for display
  statements: HospitalStatement[];
  totals: { drgAmount: Fen; payable: Fen; advances: Fen; balanceDue: Fen };
}

const dayNo = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / 86400_000);

/** Flags readmissions of the same person for the same DRG within the window (分解住院). */
export function readmissions(cases: PaidCase[], days: number): Set<string> {
  const flagged = new Set<string>();
  const byKey = new Map<string, PaidCase[]>();
  for (const c of cases) {
    const k = `${c.personId}|${c.group}`;
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(c);
  }
  for (const list of byKey.values()) {
    list.sort((a, b) =>
      a.admission < b.admission ? -1 : a.admission > b.admission ? 1 : a.id < b.id ? -1 : 1,
    );
    for (let i = 1; i < list.length; i++) {
      if (dayNo(list[i]!.admission) - dayNo(list[i - 1]!.discharge) <= days) flagged.add(list[i]!.id);
    }
  }
  return flagged;
}

/** DRG liquidation: points from the DRG weights (see liquidateWith for the rest). */
export function liquidate(
  budget: Fen,
  cases: PaidCase[],
  hospitals: HospitalTerms[],
  weights: Map<string, GroupWeight>,
  regionalMeanCost: Fen,
  rules: LiquidationRules = DEFAULT_LIQUIDATION_RULES,
): Liquidation {
  return liquidateWith(
    budget,
    cases,
    hospitals,
    (c, t) =>
      casePoints(
        c.cost,
        weights.get(c.group),
        t.coefficient,
        regionalMeanCost,
        Boolean(c.specialReview),
        rules,
      ),
    rules,
  );
}

/** The liquidation with any way of scoring a case: DRG points, or DIP scores (same machinery). */
export function liquidateWith(
  budget: Fen,
  cases: PaidCase[],
  hospitals: HospitalTerms[],
  pointsOf: (c: PaidCase, t: HospitalTerms) => { kind: CaseKind; points: bigint; explain: string },
  rules: LiquidationRules = DEFAULT_LIQUIDATION_RULES,
): Liquidation {
  for (const h of hospitals)
    if (h.deductions && h.deductions.reduce((s, d) => s + d.amount, 0n) !== h.deduction)
      throw new RangeError(`hospital ${h.code}: deduction is not the sum of its cases`);
  const terms = new Map(hospitals.map((h) => [h.code, h]));
  const flagged = readmissions(cases, rules.readmissionDays);
  const byHospital = new Map<string, CaseLine[]>();
  for (const h of hospitals) byHospital.set(h.code, []);
  for (const c of [...cases].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const t = terms.get(c.hospital);
    if (!t) throw new RangeError(`case ${c.id}: hospital ${c.hospital} has no terms`);
    const p = pointsOf(c, t);
    byHospital.get(c.hospital)!.push({
      id: c.id,
      group: c.group,
      cost: c.cost,
      fundPaid: c.fundPaid,
      kind: p.kind,
      points: p.points,
      readmission: flagged.has(c.id),
      explain: p.explain,
    });
  }
  const codes = [...byHospital.keys()].sort();
  const points = codes.map((h) => byHospital.get(h)!.reduce((s, l) => s + l.points, 0n));
  const totalPoints = points.reduce((s, p) => s + p, 0n);
  const amounts = allocate(budget, points);
  const statements = codes.map((h, i): HospitalStatement => {
    const t = terms.get(h)!;
    const lines = byHospital.get(h)!;
    const drgAmount = amounts[i]!;
    const fundPaid = lines.reduce((s, l) => s + l.fundPaid, 0n);
    const surplus = drgAmount > fundPaid ? drgAmount - fundPaid : 0n;
    const overspend = fundPaid > drgAmount ? fundPaid - drgAmount : 0n;
    // The hospital is paid its DRG amount, keeping only its share of a surplus, and receiving the
    // fund's share of an overspend; then supervision deductions come off.
    const adjustment =
      surplus > 0n
        ? -(surplus - applyRatio(surplus, rules.surplusKept))
        : applyRatio(overspend, rules.overspendShared);
    const payable = drgAmount + adjustment - t.deduction;
    return {
      hospital: h,
      coefficient: t.coefficient,
      cases: lines,
      points: points[i]!,
      drgAmount,
      fundPaid,
      surplus,
      overspend,
      adjustment,
      deduction: t.deduction,
      deductions: [...(t.deductions ?? [])],
      payable,
      advances: t.advances,
      balanceDue: payable - t.advances,
    };
  });
  const sum = (k: "drgAmount" | "payable" | "advances" | "balanceDue") =>
    statements.reduce((s, x) => s + x[k], 0n);
  return {
    budget,
    totalPoints,
    pointValue: totalPoints === 0n ? "0" : formatPointValue(budget, totalPoints),
    statements,
    totals: {
      drgAmount: sum("drgAmount"),
      payable: sum("payable"),
      advances: sum("advances"),
      balanceDue: sum("balanceDue"),
    },
  };
}

/** yuan per point with 6 decimals: budget (fen) / points (x 10^4). */
function formatPointValue(budget: Fen, points: bigint): string {
  const micro = divRoundHalfUp(budget * SCALE * 10_000n, points); // 10^-6 yuan
  const s = micro.toString().padStart(7, "0");
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}

/**
 * Monthly pre-settlement (月度预结算): a provisional point value from the month's share of the
 * budget times an advance ratio (e.g. 90%), split over the hospitals by the month's points.
 */
export function monthlyAdvance(
  annualBudget: Fen,
  advanceRatio: Ratio,
  monthPointsByHospital: Map<string, bigint>,
): Map<string, Fen> {
  const pot = applyRatio(divRoundHalfUp(annualBudget, 12n), advanceRatio);
  const codes = [...monthPointsByHospital.keys()].sort();
  const parts = allocate(
    pot,
    codes.map((c) => monthPointsByHospital.get(c)!),
  );
  return new Map(codes.map((c, i) => [c, parts[i]!]));
}
