import {
  type Fen,
  type Ratio,
  RATIO_ONE,
  applyRatio,
  divRoundHalfUp,
  maxBig,
  minBig,
} from "../money/index.ts";
import { priceLine } from "./line.ts";
import type {
  AccumulatorDelta,
  Claim,
  FundPayment,
  LineResult,
  PersonState,
  Policy,
  SettlementAmounts,
  SettlementResult,
} from "./types.ts";

/** Fund codes (fund_pay_type) of SETTLEMENT.md section 4 step 9. */
export const FUND = {
  largeAmount: "330100", // 职工大额医疗费用补助 hifob
  criticalIllness: "390200", // 城乡居民大病保险 hifmi
  assistance: "610100", // 医疗救助 maf
} as const;

/** The basic pool's fund code for an insurance type: 310 -> 310100, 390 -> 390100. */
export const poolFundOf = (insutype: string): string => `${insutype}100`;

export const isRetiree = (psnType: string): boolean => psnType.startsWith("12");

interface Sums {
  medfee: Fen;
  fullOwnPay: Fen;
  overLimitSelfPay: Fen;
  preSelfPay: Fen;
  inScope: Fen;
}

function sumLines(lines: LineResult[]): Sums {
  const s: Sums = { medfee: 0n, fullOwnPay: 0n, overLimitSelfPay: 0n, preSelfPay: 0n, inScope: 0n };
  for (const l of lines) {
    s.medfee += l.amount;
    s.fullOwnPay += l.fullOwnPay;
    s.overLimitSelfPay += l.overLimit;
    s.preSelfPay += l.preSelfPay;
    s.inScope += l.inScope;
  }
  return s;
}

/** Deductible due (起付线) before the in-scope amount is known: per visit with repeat factors, or annual. */
export function deductibleDue(policy: Policy, person: PersonState, level: Claim["level"]): Fen {
  const d = policy.deductible;
  const full = d.byLevel[level];
  if (d.scope === "annual") return maxBig(0n, full - person.ytd.deductiblePaid);
  const ordinal = person.ytd.admissions + 1; // this admission's place in the year
  const factors = d.repeatFactor ?? [];
  if (ordinal === 1 || factors.length === 0) return full;
  const factor = factors[Math.min(ordinal - 2, factors.length - 1)]!;
  return applyRatio(full, factor);
}

interface PoolShare {
  pay: Fen; // hifp_pay
  propSelfPay: Fen; // pool_prop_selfpay
  overCap: Fen; // base above what the pool's cap covers
}

/** Pool payment with the annual cap (SETTLEMENT.md 4.4). */
function poolShare(base: Fen, ratio: Ratio, capLeft: Fen): PoolShare {
  const full = applyRatio(base, ratio);
  if (full <= capLeft) return { pay: full, propSelfPay: base - full, overCap: 0n };
  const coveredBase = minBig(base, divRoundHalfUp(capLeft * RATIO_ONE, ratio));
  return { pay: capLeft, propSelfPay: coveredBase - capLeft, overCap: base - coveredBase };
}

/** Critical-illness payment: each segment's overlap with [a0, a1] times its ratio, rounded per segment. */
function criticalIllnessPay(policy: Policy, person: PersonState, burden: Fen): Fen {
  const ci = policy.criticalIllness!;
  const a0 = person.ytd.ciBurden;
  const a1 = a0 + burden;
  let sum = 0n;
  for (const seg of ci.segments) {
    const hi = seg.to === null ? a1 : minBig(a1, seg.to);
    const overlap = hi - maxBig(a0, seg.from);
    if (overlap > 0n) sum += applyRatio(overlap, seg.ratio);
  }
  return minBig(sum, maxBig(0n, ci.annualCap - person.ytd.ciPaid));
}

/**
 * Settles one claim for one person under one policy (reference model v1). Pure: the caller passes
 * the person's year-to-date state and stores the returned delta.
 */
export function settleClaim(policy: Policy, person: PersonState, claim: Claim): SettlementResult {
  const lines = claim.lines.map(priceLine);
  const s = sumLines(lines);
  const inScope = s.inScope;

  const deductible = maxBig(0n, minBig(inScope, deductibleDue(policy, person, claim.level)));
  const base = inScope - deductible;
  const bonus = isRetiree(person.psnType) ? (policy.pool.retireeBonus ?? 0n) : 0n;
  const ratio = minBig(RATIO_ONE, policy.pool.ratioByLevel[claim.level] + bonus);
  const pool = poolShare(maxBig(0n, base), ratio, maxBig(0n, policy.pool.annualCap - person.ytd.poolPaid));

  const la = policy.largeAmount;
  const largeAmountPay = la
    ? minBig(applyRatio(pool.overCap, la.ratio), maxBig(0n, la.annualCap - person.ytd.largeAmountPaid))
    : 0n;

  const burden = policy.criticalIllness ? inScope - pool.pay - largeAmountPay : 0n;
  const ciPay = policy.criticalIllness ? criticalIllnessPay(policy, person, burden) : 0n;

  const category = person.assistanceCategory;
  const maf = category ? policy.assistance?.[category] : undefined;
  let mafDeductible = 0n;
  let assistancePay = 0n;
  if (maf) {
    const rest = inScope - pool.pay - largeAmountPay - ciPay;
    mafDeductible = maxBig(0n, minBig(rest, maxBig(0n, maf.deductible - person.ytd.mafDeductiblePaid)));
    assistancePay = minBig(
      applyRatio(rest - mafDeductible, maf.ratio),
      maxBig(0n, maf.annualCap - person.ytd.mafPaid),
    );
    assistancePay = maxBig(0n, assistancePay);
  }

  const fundPay = pool.pay + largeAmountPay + ciPay + assistancePay;
  const personPart = s.medfee - fundPay;
  const accountPay = claim.acctUsed ? maxBig(0n, minBig(person.balance, personPart)) : 0n;
  const amounts: SettlementAmounts = {
    ...s,
    deductible,
    poolPay: pool.pay,
    poolPropSelfPay: pool.propSelfPay,
    largeAmountPay,
    criticalIllnessPay: ciPay,
    assistancePay,
    fundPay,
    personPart,
    accountPay,
    cashPay: personPart - accountPay,
    balanceAfter: person.balance - accountPay,
  };
  const funds: FundPayment[] = [
    { fundPayType: poolFundOf(policy.insutype), amount: pool.pay },
    { fundPayType: FUND.largeAmount, amount: largeAmountPay },
    { fundPayType: FUND.criticalIllness, amount: ciPay },
    { fundPayType: FUND.assistance, amount: assistancePay },
  ].filter((f) => f.amount !== 0n);
  const delta: AccumulatorDelta = {
    admissions: policy.deductible.scope === "per_visit" ? 1 : 0,
    deductiblePaid: deductible,
    poolPaid: pool.pay,
    largeAmountPaid: largeAmountPay,
    ciBurden: burden,
    ciPaid: ciPay,
    mafDeductiblePaid: mafDeductible,
    mafPaid: assistancePay,
    balance: -accountPay,
  };
  return { amounts, funds, lines, delta };
}
