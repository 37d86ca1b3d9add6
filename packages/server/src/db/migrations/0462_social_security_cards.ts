import { type Kysely, sql } from "kysely";
import { issueCardNo, issueCardSn } from "../../features/registry/card.ts";

const BATCH = 5000;

/**
 * Social security cards (社会保障卡): a person's card number (card_no, 社会保障卡卡号) and the chip's
 * identification code (card_sn, 卡识别码). A HIS looks a person up (1101) with the card number
 * (mdtrt_cert_type 03) and may send card_sn; the card number is unique. Persons registered before
 * this migration are issued a card here (random numbers, so they cannot be guessed). card_sn is
 * null for cards issued elsewhere whose chip code was not imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table persons add column card_no text, add column card_sn text`.execute(db);
  for (;;) {
    const { rows } = await sql<{ id: bigint }>`
      select id from persons where card_no is null order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    await issue(
      db,
      rows.map((r) => r.id),
    );
  }
  // 34^11 numbers make a collision all but impossible; should one happen, the later row is re-issued.
  for (;;) {
    const { rows } = await sql<{ id: bigint }>`
      select id from (select id, row_number() over (partition by card_no order by id) as n from persons) x
      where n > 1`.execute(db);
    if (rows.length === 0) break;
    await issue(
      db,
      rows.map((r) => r.id),
    );
  }
  await sql`
    alter table persons alter column card_no set not null;
    create unique index persons_card_no on persons (card_no);
  `.execute(db);
}

async function issue(db: Kysely<unknown>, ids: bigint[]) {
  const values = ids.map((id) => sql`(${id}::int8, ${issueCardNo()}, ${issueCardSn()})`);
  await sql`update persons set card_no = v.card_no, card_sn = v.card_sn
    from (values ${sql.join(values)}) as v(id, card_no, card_sn) where persons.id = v.id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index persons_card_no; alter table persons drop column card_sn, drop column card_no`.execute(
    db,
  );
}
