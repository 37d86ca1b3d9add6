import type { FundPayment } from "@yibao/core/settlement";
import type { Executor } from "../../db/database.ts";

/** Fund code of the employee personal account (个人账户), used for acct_pay in the ledger. */
export const ACCOUNT_FUND = "310200";

/**
 * Posts a settlement's double entries: each fund's payment debits the fund and credits what the
 * agency owes the payee (the institution, or the person for manual reimbursement). A reversal has
 * negative amounts, which post as the opposite sides; so every settlement's rows balance.
 */
export async function postFundEntries(
  ex: Executor,
  settlementId: bigint,
  payee: string,
  funds: FundPayment[],
  accountPay: bigint,
) {
  const rows: { settlement_id: bigint; account: string; debit: bigint; credit: bigint }[] = [];
  const pairs = [
    ...funds.map((f) => ({ fund: f.fundPayType, amount: f.amount })),
    { fund: ACCOUNT_FUND, amount: accountPay },
  ];
  for (const { fund, amount } of pairs) {
    if (amount === 0n) continue;
    const abs = amount < 0n ? -amount : amount;
    const fundSide = { settlement_id: settlementId, account: `fund:${fund}` };
    const payeeSide = { settlement_id: settlementId, account: `payable:${payee}` };
    if (amount > 0n)
      rows.push({ ...fundSide, debit: abs, credit: 0n }, { ...payeeSide, debit: 0n, credit: abs });
    else rows.push({ ...fundSide, debit: 0n, credit: abs }, { ...payeeSide, debit: abs, credit: 0n });
  }
  if (rows.length > 0) await ex.insertInto("fund_ledger").values(rows).execute();
}
