import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { toCaseRow } from "../../features/payment/cases.import.ts";
import { skipUnlessPglite } from "../../test/engine-only.ts";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "../../../bin/yibao.js");
const offPglite = skipUnlessPglite(
  "DRG cases refused",
  "yibao group touches no database: one pass is enough",
);

/** `yibao group` and the case import refuse what they cannot group, naming the line. */
describe.skipIf(offPglite)("DRG cases refused", () => {
  const dir = mkdtempSync(join(tmpdir(), "yibao-group-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const group = (scheme: string, lines: object[]) => {
    const file = join(dir, "cases.jsonl");
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n"));
    return spawnSync(process.execPath, [BIN, "group", "--scheme", scheme, file], { encoding: "utf8" });
  };
  const grouped = { id: "1", gender: "1", age: 60, los: 5, diagnoses: ["I10.x00"], procedures: [] };

  it("groups a case, and refuses one whose diagnoses are not a list (DRG_CASE_INVALID)", () => {
    const ok = group("chs-drg-1.1", [grouped]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout.trim())).toMatchObject({ id: "1" });
    const bad = group("chs-drg-1.1", [grouped, { ...grouped, id: "2", diagnoses: "I10.x00" }]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("error DRG_CASE_INVALID: line 2: diagnoses and procedures must be arrays");
    expect(bad.stderr).toContain('"field":"diagnoses"');
  });

  it("takes only a scheme it knows, before reading any case", () => {
    const r = group("chs-drg-9", [grouped]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("option '--scheme <id>' argument 'chs-drg-9' is invalid. one of chs-drg-1.1.");
    expect(r.stdout).toBe("");
  });

  it("imports only cases with an id, an institution, diagnoses and a discharge date", () => {
    const c = {
      id: "C1",
      fixmedins_code: "H53010000001",
      psn_no: "5301000000000001",
      admission: "2026-03-01",
      discharge: "2026-03-06",
      gender: "1",
      age: 60,
      los: 5,
      diagnoses: ["I10.x00"],
      procedures: [],
      cost: "8000.00",
      fundPaid: "6000.00",
    };
    expect(toCaseRow(c, 1)).toMatchObject({ id: "C1", year: 2026, cost: 800_000n });
    for (const bad of [{ diagnoses: [] }, { discharge: "2026-3-6" }, { fixmedins_code: "" }])
      expect(() => toCaseRow({ ...c, ...bad }, 7), JSON.stringify(bad)).toThrowError(
        expect.objectContaining({ code: "DRG_CASE_INVALID", details: { field: "case", line: 7 } }),
      );
  });
});
