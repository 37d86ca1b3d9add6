import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { keyArg, monthArg, positiveIntArg, rateArg, regionArg, urlArg, yearArg, yuanArg } from "./args.ts";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "../../bin/yibao.js");
const yibao = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", YIBAO_DATA_DIR: join(tmpdir(), "yibao-cli-test-never-opened") },
  });

describe("CLI arguments", () => {
  it("parse years, months, amounts, regions and counts strictly", () => {
    expect(yearArg("2026")).toBe(2026);
    for (const bad of ["abc", "26", "1999", "2101", "2026.0", " 2026"])
      expect(() => yearArg(bad), bad).toThrow();
    expect(monthArg("2026-11")).toBe("2026-11");
    for (const bad of ["2026-13", "2026-1", "202611"]) expect(() => monthArg(bad), bad).toThrow();
    expect(yuanArg("13000000.00")).toBe("13000000.00");
    for (const bad of ["1.234", "-1", "1e6", "", "1,000", "9999999999999999"])
      expect(() => yuanArg(bad), bad).toThrow();
    expect(regionArg("530100")).toBe("530100");
    expect(() => regionArg("53010")).toThrow();
    expect(positiveIntArg(10)("3")).toBe(3);
    for (const bad of ["0", "11", "-1", "2.5", "x"]) expect(() => positiveIntArg(10)(bad), bad).toThrow();
    // his-sim's
    expect(urlArg("http://127.0.0.1:3000/")).toBe("http://127.0.0.1:3000");
    for (const bad of ["localhost:3000", "ftp://x", "http://"]) expect(() => urlArg(bad), bad).toThrow();
    expect(rateArg("0.5")).toBe(0.5);
    for (const bad of ["0", "-1", "1e3", "x"]) expect(() => rateArg(bad), bad).toThrow();
    expect(keyArg("H53010000001:AK1:s:e:c", keyArg("H2:A:B"))).toEqual({
      H2: { accessKey: "A", secret: "B" },
      H53010000001: { accessKey: "AK1", secret: "s:e:c" },
    });
    expect(() => keyArg("H1")).toThrow();
  });

  it("answers a bad option or a missing file with a clear line and exit code 1, no stack trace", () => {
    const cases: [string[], string][] = [
      [["liquidate", "--year", "abc", "--budget", "1.00"], "'--year <yyyy>' argument 'abc' is invalid"],
      [["contributions", "credit-accounts", "--month", "2026-13"], "'--month <yyyy-MM>' argument '2026-13'"],
      [["import", "persons", "/no/such/file.csv"], "no such file: /no/such/file.csv"],
    ];
    for (const [args, message] of cases) {
      const r = yibao(...args);
      expect(r.status, args.join(" ")).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("names the line of a malformed JSON-lines file", () => {
    const dir = mkdtempSync(join(tmpdir(), "yibao-cli-"));
    try {
      const file = join(dir, "cases.jsonl");
      writeFileSync(file, '{"id": "1", "diagnoses": [], "procedures": []}\n{"id": 2,\n');
      const r = yibao("group", "--scheme", "chs-drg-1.1", file);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("error JSON_MALFORMED: line 2 is not valid JSON");
      expect(r.stderr).not.toMatch(/\n\s+at /);
      writeFileSync(file, '{"id": "1\\u0000", "diagnoses": [], "procedures": []}\n');
      const nul = yibao("group", "--scheme", "chs-drg-1.1", file);
      expect(nul.status).toBe(1);
      expect(nul.stderr).toContain("error TEXT_INVALID: line 1.id holds a NUL character");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
