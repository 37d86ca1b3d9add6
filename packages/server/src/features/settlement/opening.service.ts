import { YibaoError } from "@yibao/core/errors";
import { type Accumulators, formatAccumulators } from "@yibao/core/settlement";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Executor } from "../../db/database.ts";
import { lockAccount, postAccountEntry } from "../registry/account.repository.ts";
import { findPersonByPsnNo } from "../registry/registry.repository.ts";
import { lockAccumulators } from "./accumulator.repository.ts";
import { hasSettlementIn, setOpeningAccumulators, startWaitingBenefits } from "./opening.repository.ts";

/**
 * Opening balances (期初数据) for a person when a region migrates onto Yibao mid-year: the
 * year-to-date accumulators and the personal-account balance carried from the old system. Allowed
 * once per person and year, and only before any settlement of that year.
 */
export async function loadOpeningBalances(
  trx: Executor,
  actor: Actor,
  input: { psnNo: string; year: number; ytd: Accumulators; balance: bigint | null },
) {
  const person = await findPersonByPsnNo(trx, input.psnNo);
  if (!person) throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${input.psnNo}`, { field: "psnNo" });
  const current = await lockAccumulators(trx, person.id, input.year);
  const used = await hasSettlementIn(trx, person.id, input.year);
  const touched = Object.values(current).some((v) => v !== 0 && v !== 0n);
  if (used || touched) {
    throw new YibaoError(
      "CONFLICT",
      "Opening balances can only be loaded before any settlement of the year",
      { field: "psnNo" },
    );
  }
  const y = input.ytd;
  await setOpeningAccumulators(trx, person.id, input.year, y, formatAccumulators(y, input.balance ?? 0n));
  if (input.balance !== null && input.balance > 0n) {
    const before = await lockAccount(trx, person.id);
    if (before !== 0n)
      throw new YibaoError("CONFLICT", "The personal account already has a balance", { field: "balance" });
    await postAccountEntry(trx, {
      personId: person.id,
      amount: input.balance,
      kind: "opening",
      refType: "migration",
      refId: String(input.year),
    });
  }
  // A migrated person was insured in the old system: benefits run from the start of the year.
  await startWaitingBenefits(trx, person.id, `${input.year}-01-01`);
  await recordAudit(trx, actor, {
    action: "settlement.opening_balances",
    entity: "person_accumulators",
    entityId: `${input.psnNo}/${input.year}`,
    after: { ytd: formatAccumulators(y, input.balance ?? 0n) },
  });
}
