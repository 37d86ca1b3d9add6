import { ERROR_CODES } from "@yibao/core/errors";
import { describe, expect, it } from "vitest";
import { assertionText, codesNamedIn, testFiles, testsNamingCodes } from "./codes-tested.ts";

const CODES = Object.keys(ERROR_CODES);
// This file names codes in its own samples; the mapping test walks the table without naming any.
const SELF = "packages/server/src/errors/codes-tested.test.ts";

/**
 * Every documented error code is provoked by some test through the real path (API, gateway, CLI or
 * a core function) and asserted. This test cannot see the path, only that a test file names the
 * code outside comments, titles and errors it builds itself: a new code without a test, or a test
 * deleted with the last mention of its code, fails here. A code nothing can provoke any more is
 * dead and is removed from packages/core/src/errors/codes (and docs/errors.md).
 */
describe("every error code is named by a test", () => {
  it("finds the test files of every project", () => {
    const files = testFiles();
    expect(files).toContain("packages/core/test/purity.test.ts");
    expect(files).toContain("packages/server/src/http/fuzz.test.ts");
    expect(files).toContain("packages/web/e2e/console.test.ts");
    expect(files).toContain(SELF);
  });

  it("does not count a code named only in a comment, a title or an error the test builds", () => {
    const sample = [
      "// REG_CARD_EXISTS is tested elsewhere",
      "/* SETL_UNKNOWN */",
      'it("answers SETL_VISIT_STATE", async () => {',
      'describe.skipIf(x)("CONFLICT", () => {});',
      'const e = new YibaoError("SETL_NOT_INSURED", "x");',
      'throw fieldError("REG_DATE_ORDER", "date");',
      'await fetch("http://example/REG_PERSON_EXISTS_NOT");',
    ].join("\n");
    expect([...codesNamedIn(assertionText(sample), CODES)]).toEqual([]);
  });

  it("counts a code in an assertion: a string, an object, a regular expression or a helper's argument", () => {
    const sample = [
      'expect(r.json().code).toBe("REG_CARD_EXISTS"); // a comment after the code',
      'expect(body).toMatchObject({ code: "SETL_UNKNOWN" });',
      "expect(env.err_msg).toMatch(/^\\[SETL_VISIT_STATE\\]/);",
      'refusedBy(res, "SETL_NOT_INSURED", "insutype");',
      "expect(x.code).toBe('CONFLICT');",
    ].join("\n");
    expect([...codesNamedIn(assertionText(sample), CODES)].sort()).toEqual(
      ["CONFLICT", "REG_CARD_EXISTS", "SETL_NOT_INSURED", "SETL_UNKNOWN", "SETL_VISIT_STATE"].sort(),
    );
  });

  it("has at least one test file naming each code", () => {
    const untested = [...testsNamingCodes(CODES, [SELF])]
      .filter(([, files]) => files.length === 0)
      .map(([code]) => code);
    expect(untested, `codes no test names: ${untested.join(", ")}`).toEqual([]);
  });
});
