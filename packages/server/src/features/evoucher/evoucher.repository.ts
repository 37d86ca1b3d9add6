import type { Executor } from "../../db/database.ts";

export function insertEVoucher(
  ex: Executor,
  row: { personId: bigint; issuedAt: Date; expiresAt: Date; issuedBy: string },
) {
  return ex
    .insertInto("e_vouchers")
    .values({
      person_id: row.personId,
      issued_at: row.issuedAt,
      expires_at: row.expiresAt,
      issued_by: row.issuedBy,
      first_used_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** The voucher's person and expiry, if the voucher exists (its first use noted on the way). */
export async function useEVoucher(ex: Executor, id: bigint, now: Date) {
  const v = await ex.selectFrom("e_vouchers").selectAll().where("id", "=", id).executeTakeFirst();
  if (!v) return undefined;
  if (v.first_used_at === null && v.expires_at > now)
    await ex.updateTable("e_vouchers").set({ first_used_at: now }).where("id", "=", id).execute();
  const person = await ex.selectFrom("persons").selectAll().where("id", "=", v.person_id).executeTakeFirst();
  return { person, expiresAt: v.expires_at };
}
