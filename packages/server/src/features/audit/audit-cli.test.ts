import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { skipUnlessPglite } from "../../test/engine-only.ts";

const SUITE = fileURLToPath(new URL("../../../../../conformance/audit", import.meta.url));
const BIN = fileURLToPath(new URL("../../../bin/yibao.js", import.meta.url));
// The command touches no database: one run (on the PGlite pass of the server suite) is enough.
const offPglite = skipUnlessPglite("yibao audit (the command)", "it touches no database: one pass is enough");

function yibaoAudit(kb: string, visits: string) {
  return spawnSync(process.execPath, [BIN, "audit", "--kb", kb, visits], { encoding: "utf8" });
}

type Output = { id: string | null; error?: { code: string }; findings?: Finding[] };
type Finding = { rule: string; result: string; lines: string[]; amount: string };

/** The suite README's comparison: id, error code, and the set of (rule, result, set of lines, amount). */
function comparable(o: Output): string {
  const findings = (o.findings ?? [])
    .map((f) => JSON.stringify([f.rule, f.result, [...f.lines].sort(), f.amount]))
    .sort();
  return JSON.stringify([o.id, o.error?.code ?? null, findings]);
}

const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Output);

describe.skipIf(offPglite)("yibao audit (the command, on conformance/audit)", () => {
  const scratch = mkdtempSync(join(tmpdir(), "yibao-audit-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("prints one line per visit that matches the reference output, and a summary on stderr", () => {
    const r = yibaoAudit(join(SUITE, "kb"), join(SUITE, "visits.jsonl"));
    expect(r.status, r.stderr).toBe(0);
    const got = jsonLines(r.stdout);
    const want = jsonLines(readFileSync(join(SUITE, "expected.jsonl"), "utf8"));
    expect(want).toHaveLength(400);
    expect(got.map(comparable)).toEqual(want.map(comparable));
    expect(r.stderr).toMatch(/audit: 400 visits \(3 malformed\), \d+ fee lines, 247 findings/);
  });

  it("stops before any output on an invalid knowledge base", () => {
    const kb = join(scratch, "kb");
    cpSync(join(SUITE, "kb"), kb, { recursive: true });
    const params = readFileSync(join(kb, "params.csv"), "utf8");
    writeFileSync(join(kb, "params.csv"), params.replace(/^readmission_days,.*\n/m, ""));
    const r = yibaoAudit(kb, join(SUITE, "visits.jsonl"));
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/AUDIT_KB_INVALID: params.csv: the parameter readmission_days is missing/);
  });
});
