/**
 * Year-end liquidation of a region of 300 hospitals: synthetic cases (already grouped: DRG codes
 * drawn from CHS-DRG 1.1), weights from a history year, then points, point value and statements.
 *   npx tsx bench/payment-liquidation.ts [hospitals] [cases]
 */
import { loadChsDrg11 } from "../packages/server/src/features/payment/drg-scheme.ts";
import { type PaidCase, computeWeights, liquidate } from "@yibao/core/payment";

const HOSPITALS = Number(process.argv[2] ?? 300);
const CASES = Number(process.argv[3] ?? 600_000);
let seed = 7;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const drgs = [...loadChsDrg11().drgNames.keys()];
const groupMean = new Map(drgs.map((d) => [d, BigInt(300_000 + rnd(5_000_000))]));
const costOf = (d: string) => (groupMean.get(d)! * BigInt(40 + rnd(140))) / 100n;
const history = Array.from({ length: CASES }, () => {
  const group = drgs[rnd(drgs.length)]!;
  return { group, cost: costOf(group) };
});
const cases: PaidCase[] = Array.from({ length: CASES }, (_, i) => {
  const group = drgs[rnd(drgs.length)]!;
  const cost = costOf(group);
  const day = 1 + rnd(360);
  const adm = new Date(Date.UTC(2025, 0, day)).toISOString().slice(0, 10);
  return {
    id: `C${String(i).padStart(7, "0")}`,
    hospital: `H${String(rnd(HOSPITALS)).padStart(4, "0")}`,
    personId: `P${rnd(CASES / 2)}`,
    group,
    cost,
    fundPaid: (cost * 70n) / 100n,
    admission: adm,
    discharge: adm,
    specialReview: rnd(1000) === 0,
  };
});
const hospitals = Array.from({ length: HOSPITALS }, (_, i) => ({
  code: `H${String(i).padStart(4, "0")}`,
  coefficient: BigInt([8_000, 9_000, 10_000][i % 3]!),
  deduction: BigInt(rnd(1_000_000)),
  advances: 0n,
}));
const budget = (cases.reduce((s, c) => s + c.fundPaid, 0n) * 98n) / 100n;

const t0 = performance.now();
const weights = computeWeights(history);
const t1 = performance.now();
const l = liquidate(budget, cases, hospitals, weights, 1_500_000n);
const t2 = performance.now();
console.log(
  `${HOSPITALS} hospitals, ${CASES} cases: weights ${((t1 - t0) / 1000).toFixed(2)} s, liquidation ${((t2 - t1) / 1000).toFixed(2)} s; point value ${l.pointValue} yuan; DRG amounts sum ${l.totals.drgAmount === budget ? "exactly to" : "NOT to"} the budget (${budget} fen)`,
);
