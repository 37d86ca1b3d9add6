import { fenToYuan, formatScaled } from "@yibao/core/money";
import { maskIdNumber, maskName } from "@yibao/core/pii";
import {
  AMOUNT_KEYS,
  FUND_NAMES,
  formatSetlinfo,
  priceLine,
  type SettlementAmounts,
} from "@yibao/core/settlement";
import { displayTime } from "@yibao/core/time";
import type { feeLinesOf, findStatement } from "./settlement-read.repository.ts";
import { toEngineLine } from "./visit.service.ts";
import { SETTLEMENT_AMOUNT_COLUMNS } from "./settlement.table.ts";

type Row = NonNullable<Awaited<ReturnType<typeof findStatement>>>;
type Line = Awaited<ReturnType<typeof feeLinesOf>>[number];

/** A settlement row's amounts by their engine names (the columns: SETTLEMENT_AMOUNT_COLUMNS). */
function amountsOf(s: Row): SettlementAmounts {
  const out = {} as SettlementAmounts;
  for (const k of AMOUNT_KEYS) out[k] = s[SETTLEMENT_AMOUNT_COLUMNS[k]];
  return out;
}

/**
 * The one-bill statement (一单制结算单) of a settlement: the NHSA setlinfo figures, the fund
 * breakdown (setldetail) and every fee line with its catalogue class and its self-pay split
 * (full own pay, over the price cap, self-pay first, in scope), as the engine priced it.
 * A reversal's statement shows the original's lines; its amounts are the negated ones.
 */
export function statementView(s: Row, lines: Line[], clear: boolean) {
  return {
    setlId: s.setl_id,
    kind: s.kind,
    reversesSetlId: s.reverses_setl_id,
    reversedBy: s.reversed_by,
    setlTime: displayTime(s.setl_time),
    mdtrtId: s.mdtrt_id,
    medType: s.med_type,
    insutype: s.insutype,
    level: s.level,
    begntime: displayTime(s.begntime),
    endtime: s.endtime ? displayTime(s.endtime) : null,
    diseCodg: s.dise_codg,
    institutionCode: s.institution_code,
    institutionName: s.institution_name,
    invoice: s.invoice_no ? { issuer: s.invoice_issuer!, number: s.invoice_no } : null,
    person: {
      psnNo: s.psn_no,
      name: clear ? s.name : maskName(s.name),
      certno: clear ? s.certno : maskIdNumber(s.certno),
      gender: s.gender,
      psnType: s.psn_type,
      regionCode: s.region_code,
    },
    setlinfo: formatSetlinfo(amountsOf(s)),
    setldetail: s.funds.map((f) => ({
      fundPayType: f.fundPayType,
      fundPayTypeName: FUND_NAMES[f.fundPayType] ?? f.fundPayType,
      amount: fenToYuan(BigInt(f.amount)),
    })),
    lines: lines.map((l) => {
      const split = priceLine(toEngineLine(l));
      return {
        feedetlSn: l.feedetl_sn,
        code: l.code,
        name: l.name,
        class: l.class,
        chrgitmType: l.chrgitm_type,
        price: formatScaled(l.price, 6),
        quantity: formatScaled(l.quantity, 4),
        amount: fenToYuan(split.amount),
        fullOwnPay: fenToYuan(split.fullOwnPay),
        overLimit: fenToYuan(split.overLimit),
        preSelfPay: fenToYuan(split.preSelfPay),
        inScope: fenToYuan(split.inScope),
        restrictedReason: l.restricted_reason,
        cancelled: l.cancelled,
      };
    }),
  };
}
