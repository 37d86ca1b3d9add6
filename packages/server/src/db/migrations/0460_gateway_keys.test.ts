import { makeCertno } from "@yibao/core/registry";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJson } from "../../audit/audit.ts";
import { loadSecretBox } from "../../security/secret-key.ts";
import { openDb, type DbHandle } from "../database.ts";
import { migrateToLatest, migrator } from "../migrate.ts";

/**
 * The data migrations of this range on a database of the version before them: gateway secrets
 * stored in clear are sealed under the configured key (and the clear column dropped), and persons
 * registered before cards existed are issued a unique card number and chip code.
 */
describe("migrations 0460 (sealed gateway secrets) and 0462 (social security cards)", () => {
  let h: DbHandle;
  const key = Buffer.alloc(32, 9).toString("base64");
  const saved = process.env.YIBAO_SECRET_KEY;

  beforeAll(async () => {
    process.env.YIBAO_SECRET_KEY = key;
    h = await openDb({}); // PGlite in memory: the migrations themselves are engine-neutral SQL
    const { error } = await migrator(h.db).migrateTo("0450_nhsa");
    if (error) throw error;
    await sql`
      insert into regions (code, name, level) values ('530100', '昆明市', 'city');
      insert into institutions (code, name, kind, level, region_code, agreement_from)
        values ('H53010000001', 'x', 'hospital', '3', '530100', '2020-01-01');
      insert into nhsa_access_keys (access_key, fixmedins_code, secret) values ('ak-old', 'H53010000001', 'clear-secret');
      insert into nhsa_access_keys (access_key, fixmedins_code, secret, active) values ('ak-off', 'H53010000001', 'other', false);
    `.execute(h.db);
    for (let i = 1; i <= 30; i++) {
      const certno = makeCertno("530102", "19800101", i);
      await sql`insert into persons (psn_no, certno, name, gender, birth_date, region_code)
        values (${`53010000000000${String(i).padStart(2, "0")}`}, ${certno}, '某', '1', '1980-01-01', '530100')`.execute(
        h.db,
      );
    }
    await migrateToLatest(h.db);
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.YIBAO_SECRET_KEY;
    else process.env.YIBAO_SECRET_KEY = saved;
    await h?.close();
  });

  it("seals clear secrets and drops the clear column", async () => {
    const rows = await sql<
      Record<string, unknown>
    >`select * from nhsa_access_keys order by access_key`.execute(h.db);
    expect(Object.keys(rows.rows[0]!)).not.toContain("secret");
    const box = loadSecretBox({ secretKey: key, secretKeyFile: "" });
    const [off, old] = rows.rows as { access_key: string; secret_enc: string; revoked_at: Date | null }[];
    expect(box.open(old!.secret_enc, "ak-old")).toBe("clear-secret");
    expect(toJson(rows.rows)).not.toContain("clear-secret");
    expect(off!.revoked_at).not.toBeNull();
    expect(old!.revoked_at).toBeNull();
  });

  it("issues every existing person a unique card", async () => {
    const cards = await h.db.selectFrom("persons").select(["card_no", "card_sn"]).execute();
    expect(cards).toHaveLength(30);
    expect(new Set(cards.map((c) => c.card_no)).size).toBe(30);
    for (const c of cards) {
      expect(c.card_no).toMatch(/^Y[0-9A-HJ-NP-Z]{11}$/);
      expect(c.card_sn).toMatch(/^[0-9A-F]{32}$/);
    }
    await expect(
      sql`update persons set card_no = ${cards[0]!.card_no} where card_no = ${cards[1]!.card_no}`.execute(
        h.db,
      ),
    ).rejects.toThrow(/persons_card_no|unique/);
  });
});
