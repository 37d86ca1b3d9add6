import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SettlementVector } from "@yibao/core/settlement";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/database.ts";
import { openTestDb } from "../../test/test-db.ts";
import { runVectorThroughService } from "./conformance.ts";

const DIR = fileURLToPath(new URL("../../../../../conformance/settlement", import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

describe("settlement conformance vectors through the service and the database", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
  });
  afterAll(async () => h?.close());

  it("finds the shared vectors", () => expect(files.length).toBeGreaterThanOrEqual(8));
  files.forEach((f, index) => {
    const v = JSON.parse(readFileSync(join(DIR, f), "utf8")) as SettlementVector & {
      expected: { setlinfo: Record<string, string> }[];
    };
    it(v.id, async () => {
      const out = await runVectorThroughService(h.db, v, index + 1);
      expect(out.results.length).toBe(v.expected.length);
      out.results.forEach((step, i) => {
        const exp = v.expected[i]!;
        const setlinfo = Object.fromEntries(Object.keys(exp.setlinfo).map((k) => [k, step.setlinfo[k]]));
        expect({ ...step, setlinfo }, `${v.id} step ${i}`).toEqual(exp);
      });
    });
  });
});
