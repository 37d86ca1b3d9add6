import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb } from "../test/test-db.ts";
import type { DbHandle } from "./database.ts";
import { applyWrite, compile, compileWrite, queryRows, statement } from "./statement.ts";

const BY_NAME = statement<{ name: string; limit: number }>(
  (p) =>
    sql`select ${p.name}::text as name, ${"fixed"}::text as fixed, ${p.name}::text as again limit ${p.limit}`,
);
const GUARD = statement<{ code: string }>((p) => sql`select code from regions where code = ${p.code}`);
const RENAME = statement<{ name: string }>(
  (p) => sql`update regions set name = ${p.name} where code = (select code from guard)`,
);
const ANSWER = statement<{ tag: string }>((p) => sql`select code, ${p.tag}::text as tag from guard`);

describe("statements compiled once (db/statement.ts)", () => {
  it("compiles the text once and binds each call's values to the named parameters", () => {
    const a = compile(BY_NAME({ name: "a", limit: 1 }));
    const b = compile(BY_NAME({ name: "b", limit: 2 }));
    expect(a.sql).toBe("select $1::text as name, $2::text as fixed, $3::text as again limit $4");
    expect(b.sql).toBe(a.sql); // the very same text: it stays prepared
    expect(a.parameters).toEqual(["a", "fixed", "a", 1]);
    expect(b.parameters).toEqual(["b", "fixed", "b", 2]);
  });

  it("numbers the parameters of a guarded write across its parts", () => {
    const w = compileWrite({
      guard: GUARD({ code: "530100" }),
      steps: [RENAME({ name: "x" })],
      returning: ANSWER({ tag: "t" }),
    });
    expect(w.sql).toBe(
      "with guard as (select code from regions where code = $1), s0 as (update regions set name = $2 " +
        "where code = (select code from guard)) select code, $3::text as tag from guard",
    );
    expect(w.parameters).toEqual(["530100", "x", "t"]);
    const plain = compileWrite({ guard: GUARD({ code: "1" }), steps: [] });
    expect(plain.sql).toBe(
      "with guard as (select code from regions where code = $1) select 1 as ok from guard",
    );
  });
});

describe("statements on the database", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
    await h.db
      .insertInto("regions")
      .values({ code: "530100", name: "昆明市", level: "city", parent_code: null })
      .execute();
  });
  afterAll(async () => h?.close());

  it("runs a statement and a guarded write, which writes nothing when its guard finds no row", async () => {
    expect(await queryRows(h.db, BY_NAME({ name: "n", limit: 1 }))).toEqual([
      { name: "n", fixed: "fixed", again: "n" },
    ]);
    const write = (code: string) =>
      applyWrite(h.db, {
        guard: GUARD({ code }),
        steps: [RENAME({ name: "改名" })],
        returning: ANSWER({ tag: code }),
      });
    expect(await write("999999")).toBeNull();
    expect(await write("530100")).toEqual([{ code: "530100", tag: "530100" }]);
    const r = await h.db
      .selectFrom("regions")
      .select("name")
      .where("code", "=", "530100")
      .executeTakeFirstOrThrow();
    expect(r.name).toBe("改名");
  });
});
