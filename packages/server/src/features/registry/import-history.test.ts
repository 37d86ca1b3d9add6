import { makeCertno } from "@yibao/core/registry";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

/** The import history: every parsed file, accepted or refused, with its report (GET /imports). */
describe("import history API", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const upload = (kind: string, csv: string, fileName?: string, headers = agency) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/imports/${kind}${fileName ? `?fileName=${encodeURIComponent(fileName)}` : ""}`,
      headers: { ...headers, "content-type": "text/csv" },
      payload: csv,
    });
  const get = (url: string, headers = agency) => t.app.inject({ url: `/api/v1${url}`, headers });
  const good = (seq: number) => `${makeCertno("530102", "19900101", seq)},张三,${TEST_REGION}`;

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T08:00:00Z"));
    agency = await t.auth("agency");
    await t.handle.db
      .insertInto("regions")
      .values({ code: "530400", name: "玉溪市", level: "city", parent_code: "530000" })
      .execute();
  });
  afterAll(async () => t?.close());

  it("keeps a refused file with its whole report, imports nothing of it; then an accepted one, newest first", async () => {
    const before = await rowCounts(t.handle.db, ["persons"]);
    const bad = makeCertno("530102", "19900101", 2).slice(0, 17) + "Y";
    const csv = `certno,name,region_code\n${good(1)}\n${bad},李四,${TEST_REGION}\n${makeCertno("530102", "19900101", 3)},王五,999999\n`;
    const refused = expectRefusal(
      await upload("persons", csv, "名单-1.csv"),
      "REG_IMPORT_ROWS_INVALID",
      "file",
    );
    const importId = String(refused.details.importId);
    expect(refused.details.refusedRows).toBe(2);
    // nothing imported, nothing to audit: the history alone keeps the attempt
    expect(await rowCounts(t.handle.db, ["persons"])).toEqual(before);
    const one = await get(`/imports/${importId}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({
      id: importId,
      kind: "persons",
      fileName: "名单-1.csv",
      rows: 3,
      imported: 0,
      accepted: false,
      operator: expect.any(String),
      regionCode: TEST_REGION,
    });
    expect(
      one.json().errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code]),
    ).toEqual([
      [3, "certno", "REG_CERTNO_FORMAT"],
      [4, "region_code", "REG_REGION_UNKNOWN"],
    ]);

    const ok = await upload("persons", `certno,name,region_code\n${good(1)}\n${good(3)}\n`, "名单-2.csv");
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ rows: 2, imported: 2, errors: [] });
    const list = await get("/imports?limit=1");
    expect(list.json().items).toMatchObject([
      { id: ok.json().id, accepted: true, imported: 2, fileName: "名单-2.csv" },
    ]);
    const next = await get(`/imports?limit=1&cursor=${list.json().nextCursor}`);
    expect(next.json().items.map((i: { id: string }) => i.id)).toEqual([importId]);
    expect((await get(`/imports/${ok.json().id}`)).json().errors).toEqual([]);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select(["action", "entity", "entity_id"])
      .where("action", "like", "import.%")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([{ action: "import.persons", entity: "persons", entity_id: ok.json().id }]);
  });

  it("another region's operator neither lists nor opens them; the history refuses change", async () => {
    const yuxi = await t.auth("agency", { regionCode: "530400", fresh: true });
    const mine = (await get("/imports")).json().items as { id: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect((await get("/imports", yuxi)).json().items).toEqual([]);
    expectRefusal(await get(`/imports/${mine[0]!.id}`, yuxi), "NOT_FOUND", "id");
    await expect(sql`update imports set imported = 99`.execute(t.handle.db)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(sql`delete from imports`.execute(t.handle.db)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(sql`truncate imports`.execute(t.handle.db)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });
});
