import { fenToYuan } from "@yibao/core/money";
import type { StatementRow } from "./clearing.repository.ts";

/** A clearing statement as the API and the CLI answer it: amounts in yuan, the net with its direction. */
const flow = (payer: string, payee: string, n: number, fund: bigint, account: bigint, amount: bigint) => ({
  payer,
  payee,
  settlements: n,
  fund_pay_sumamt: fenToYuan(fund),
  acct_pay: fenToYuan(account),
  amount: fenToYuan(amount),
});

export function statementOut(s: StatementRow) {
  const payer = s.net > 0n ? s.region_a : s.net < 0n ? s.region_b : null;
  return {
    id: String(s.id),
    month: s.month,
    region_a: s.region_a,
    region_b: s.region_b,
    a_to_b: flow(s.region_a, s.region_b, s.a_to_b_count, s.a_to_b_fund, s.a_to_b_account, s.a_to_b),
    b_to_a: flow(s.region_b, s.region_a, s.b_to_a_count, s.b_to_a_fund, s.b_to_a_account, s.b_to_a),
    net_amount: fenToYuan(s.net < 0n ? -s.net : s.net),
    net_payer: payer,
    net_payee: payer === null ? null : payer === s.region_a ? s.region_b : s.region_a,
    status: s.status,
    issued_by: s.issued_by,
    issued_at: s.issued_at,
    confirmed_by: s.confirmed_by,
    confirmed_at: s.confirmed_at,
    paid_by: s.paid_by,
    paid_at: s.paid_at,
    payment_ref: s.payment_ref,
  };
}

/** One line of `yibao clearing`: both directions and the net. */
export function statementLine(s: StatementRow): string {
  const o = statementOut(s);
  const dir = (f: typeof o.a_to_b) => `${f.payer}->${f.payee} ${f.settlements} settlements ${f.amount}`;
  const net = o.net_payer ? `${o.net_payer} pays ${o.net_payee} ${o.net_amount}` : "nothing to pay";
  return `${o.month} ${o.region_a}/${o.region_b} #${o.id} ${o.status}: ${dir(o.a_to_b)}; ${dir(o.b_to_a)}; net: ${net}`;
}
