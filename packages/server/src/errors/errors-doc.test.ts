import { readFileSync } from "node:fs";
import { ERROR_CODE_GROUPS, ERROR_CODES } from "@yibao/core/errors";
import { describe, expect, it } from "vitest";
import { ERRORS_DOC_PATH, renderErrorsDoc } from "./gen-docs.ts";

describe("error codes", () => {
  it("are unique across features", () => {
    const all = Object.values(ERROR_CODE_GROUPS).flatMap((g) => Object.keys(g));
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(ERROR_CODES).length).toBe(all.length);
  });

  it("are every one documented in docs/errors.md (run npm run docs:errors)", () => {
    const doc = readFileSync(ERRORS_DOC_PATH, "utf8");
    for (const code of Object.keys(ERROR_CODES)) expect(doc, code).toContain(`| \`${code}\` |`);
    expect(doc).toBe(renderErrorsDoc());
  });
});
