import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type SettlementVector, runVectorPure } from "../src/settlement/vectors.ts";
import { suitePath } from "./suites.ts";

const DIR = suitePath("settlement");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));

describe("settlement conformance vectors (pure engine)", () => {
  it("finds the shared vectors", () => expect(files.length).toBeGreaterThanOrEqual(8));
  for (const f of files) {
    const v = JSON.parse(readFileSync(join(DIR, f), "utf8")) as SettlementVector & { expected: unknown[] };
    it(v.id, () => {
      const out = runVectorPure(v);
      expect(out.length).toBe(v.expected.length);
      out.forEach((step, i) => {
        const exp = v.expected[i] as Record<string, unknown>;
        // Compare only the fields the vector states; setlinfo in the vectors lists section 4's fields.
        const setlinfo = Object.fromEntries(
          Object.keys(exp.setlinfo as object).map((k) => [k, step.setlinfo[k]]),
        );
        expect({ ...step, setlinfo }, `${v.id} step ${i}`).toEqual(exp);
      });
    });
  }
});
