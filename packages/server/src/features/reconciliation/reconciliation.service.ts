import { YibaoError } from "@yibao/core/errors";
import { clearingType } from "@yibao/core/settlement";
import { addDays, beijingMidnight, lastDayOfMonth } from "@yibao/core/time";
import type { Actor } from "../../audit/audit.ts";
import type { Executor } from "../../db/database.ts";
import { inScope, regionScope } from "../platform/region-scope.ts";
import {
  type FigureRow,
  findInstitution,
  reconciliationsIn,
  settlementFigures,
} from "./reconciliation.repository.ts";

/** Sums of a set of settlements: reversals (negative amounts) netted, counted apart. */
export interface Figures {
  settlements: number;
  reversals: number;
  /** settlements minus reversals */
  net_count: number;
  /** of the net count: patients insured in another region */
  out_of_region: number;
  medfee: bigint;
  fund_pay: bigint;
  pool_pay: bigint;
  large_amount_pay: bigint;
  ci_pay: bigint;
  maf_pay: bigint;
  account_pay: bigint;
  cash_pay: bigint;
}

export const AMOUNTS = [
  "medfee",
  "fund_pay",
  "pool_pay",
  "large_amount_pay",
  "ci_pay",
  "maf_pay",
  "account_pay",
  "cash_pay",
] as const;

const zero = (): Figures => ({
  settlements: 0,
  reversals: 0,
  net_count: 0,
  out_of_region: 0,
  medfee: 0n,
  fund_pay: 0n,
  pool_pay: 0n,
  large_amount_pay: 0n,
  ci_pay: 0n,
  maf_pay: 0n,
  account_pay: 0n,
  cash_pay: 0n,
});

function add(f: Figures, r: FigureRow) {
  const n = Number(r.cnt);
  const signed = r.kind === "reverse" ? -n : n;
  if (r.kind === "reverse") f.reversals += n;
  else f.settlements += n;
  f.net_count += signed;
  if (r.out_of_region) f.out_of_region += signed;
  for (const k of AMOUNTS) f[k] += BigInt(r[k]);
}

export interface ReportQuery {
  institution: string;
  kind: "daily" | "monthly";
  /** yyyy-MM-dd (daily) or yyyy-MM (monthly) */
  period: string;
}

/**
 * The reconciliation report an agency prints for one institution and a day or a month: counts
 * and sums per insutype and clearing type (clr_type as setlinfo gives it), per day, the total,
 * and what the institution's 3201/3202 reconciliations of the period found. An institution
 * outside the operator's regions is answered as unknown.
 */
export async function reconciliationReport(ex: Executor, actor: Actor, q: ReportQuery) {
  const inst = await findInstitution(ex, q.institution);
  if (!inst || !inScope(await regionScope(ex, actor), inst.region_code))
    throw new YibaoError("REG_INSTITUTION_UNKNOWN", `No institution ${q.institution}`, {
      field: "institution",
    });
  const from = q.kind === "daily" ? q.period : `${q.period}-01`;
  const to = q.kind === "daily" ? q.period : lastDayOfMonth(q.period);
  const rows = await settlementFigures(ex, inst.code, beijingMidnight(from), beijingMidnight(addDays(to, 1)));
  const byType = new Map<string, Figures & { insutype: string; clr_type: string }>();
  const byDay = new Map<string, Figures & { day: string }>();
  const total = zero();
  for (const r of rows) {
    const clr = clearingType(r.med_type);
    const key = `${r.insutype}|${clr}`;
    const t = byType.get(key) ?? { insutype: r.insutype, clr_type: clr, ...zero() };
    byType.set(key, t);
    const d = byDay.get(r.day) ?? { day: r.day, ...zero() };
    byDay.set(r.day, d);
    add(t, r);
    add(d, r);
    add(total, r);
  }
  const recons = await reconciliationsIn(ex, inst.code, from, to);
  return {
    institution: inst,
    kind: q.kind,
    from,
    to,
    by_type: [...byType.values()].sort(
      (a, b) => a.insutype.localeCompare(b.insutype) || a.clr_type.localeCompare(b.clr_type),
    ),
    days: [...byDay.values()],
    total,
    reconciliations: recons,
  };
}
export type ReconciliationReport = Awaited<ReturnType<typeof reconciliationReport>>;
