import { YibaoError } from "@yibao/core/errors";
import { type Accumulators, formatAccumulators } from "@yibao/core/settlement";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Executor } from "../../db/database.ts";
import { lockAccount, postAccountEntry } from "../registry/account.repository.ts";
import { accumulatorValues, lockAccumulators } from "./accumulator.repository.ts";

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
  const person = await trx
    .selectFrom("persons")
    .select(["id"])
    .where("psn_no", "=", input.psnNo)
    .executeTakeFirst();
  if (!person) throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${input.psnNo}`, { field: "psnNo" });
  const current = await lockAccumulators(trx, person.id, input.year);
  const used = await trx
    .selectFrom("settlements")
    .select("id")
    .where("person_id", "=", person.id)
    .where("year", "=", input.year)
    .limit(1)
    .executeTakeFirst();
  const touched = Object.values(current).some((v) => v !== 0 && v !== 0n);
  if (used || touched) {
    throw new YibaoError(
      "CONFLICT",
      "Opening balances can only be loaded before any settlement of the year",
      { field: "psnNo" },
    );
  }
  const y = input.ytd;
  await trx
    .updateTable("person_accumulators")
    .set({ ...accumulatorValues(y), opening: JSON.stringify(formatAccumulators(y, input.balance ?? 0n)) })
    .where("person_id", "=", person.id)
    .where("year", "=", input.year)
    .execute();
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
  await trx
    .updateTable("enrolments")
    .set({ benefit_start_date: `${input.year}-01-01` })
    .where("person_id", "=", person.id)
    .where("status", "=", "active")
    .where("benefit_start_date", "is", null)
    .execute();
  await recordAudit(trx, actor, {
    action: "settlement.opening_balances",
    entity: "person_accumulators",
    entityId: `${input.psnNo}/${input.year}`,
    after: { ytd: formatAccumulators(y, input.balance ?? 0n) },
  });
}
