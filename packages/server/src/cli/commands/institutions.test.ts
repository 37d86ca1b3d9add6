import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { skipUnlessPostgres } from "../../test/engine-only.ts";

const BIN = join(process.cwd(), "packages/server/bin/yibao.js");
const CODE = "H53010000001";

const offPostgres = skipUnlessPostgres(
  "yibao institutions keys",
  "on PGlite each command would migrate a data directory anew; the services run on both engines through the API",
);

/**
 * `yibao institutions keys ...` end to end, as an operator types it: issue (the secret printed
 * once), list (masked), rotate (the old key kept for the grace period), revoke. On PostgreSQL
 * only: the commands are the same code on both engines, and on PGlite each one would open and
 * migrate the data directory anew (some 10 s a command). The services are tested on both
 * engines through the API (features/nhsa/gateway-auth.test.ts).
 */
describe.skipIf(offPostgres)("yibao institutions keys", () => {
  let h: DbHandle;
  let env: NodeJS.ProcessEnv;

  const run = (...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, "institutions", "keys", ...args], { env });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) => resolve({ code, out, err }));
    });

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "yibao-cli-"));
    h = await openTestDb();
    await h.db
      .insertInto("regions")
      .values({ code: "530100", name: "昆明市", level: "city", parent_code: null })
      .execute();
    await h.db
      .insertInto("institutions")
      .values({
        code: CODE,
        name: "测试医院",
        kind: "hospital",
        level: "3",
        region_code: "530100",
        agreement_from: "2020-01-01",
      })
      .execute();
    env = { ...process.env, DATABASE_URL: h.url, YIBAO_SECRET_KEY_FILE: join(dataDir, "secret.key") };
  }, 120_000);
  afterAll(async () => h?.close());

  it("issues, lists, rotates and revokes, printing a secret only when it is new", async () => {
    const issued = await run("issue", CODE);
    expect(issued.code, issued.err).toBe(0);
    const accessKey = /access key:\s+(ak_[0-9a-f]{24})/.exec(issued.out)![1]!;
    const id = /key id:\s+(\d+)/.exec(issued.out)![1]!;
    expect(issued.out).toMatch(/secret:\s+[A-Za-z0-9_-]{43}\n/);
    const listed = await run("list", CODE);
    expect(listed.out).toContain(`${accessKey.slice(0, 7)}****${accessKey.slice(-4)}\tactive`);
    expect(listed.out).not.toContain(accessKey);
    const rotated = await run("rotate", CODE, id);
    expect(rotated.code, rotated.err).toBe(0);
    expect(rotated.out).toMatch(new RegExp(`The old key ${id} works until \\d{4}-`));
    const newId = /key id:\s+(\d+)/.exec(rotated.out)![1]!;
    const revoked = await run("revoke", CODE, newId);
    expect(revoked.out).toContain(`key ${newId} of ${CODE} is revoked`);
    const after = (await run("list")).out;
    expect(after).toMatch(new RegExp(`^${newId}\\t${CODE}\\t\\S+\\trevoked`, "m"));
    expect(after).toMatch(new RegExp(`^${id}\\t${CODE}\\t\\S+\\texpiring`, "m"));
    const bad = await run("revoke", CODE, "not-a-number");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/FIELD_INVALID/);
  }, 180_000); // six processes, each starting tsx and opening the database
});
