import type { SettlementResult } from "@yibao/core/settlement";

/** Fund code of the employee personal account (个人账户), used for acct_pay in the ledger. */
export const ACCOUNT_FUND = "310200";

/**
 * Double entry: each fund's payment debits the fund and credits what the agency owes the payee
 * (the institution, or the person for manual reimbursement); the personal account's payment too.
 * A reversal has negative amounts, which post as the opposite sides. Every settlement's rows
 * balance. Returned as columns, ready for one insert.
 */
export function ledgerEntries(payee: string, r: SettlementResult) {
  const accounts: string[] = [];
  const debits: bigint[] = [];
  const credits: bigint[] = [];
  const post = (account: string, debit: bigint, credit: bigint) => {
    accounts.push(account);
    debits.push(debit);
    credits.push(credit);
  };
  const pairs = [
    ...r.funds.map((f) => ({ fund: f.fundPayType, amount: f.amount })),
    { fund: ACCOUNT_FUND, amount: r.amounts.accountPay },
  ];
  for (const { fund, amount } of pairs) {
    if (amount === 0n) continue;
    const abs = amount < 0n ? -amount : amount;
    if (amount > 0n) {
      post(`fund:${fund}`, abs, 0n);
      post(`payable:${payee}`, 0n, abs);
    } else {
      post(`fund:${fund}`, 0n, abs);
      post(`payable:${payee}`, abs, 0n);
    }
  }
  return { accounts, debits, credits };
}
