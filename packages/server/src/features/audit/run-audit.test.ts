import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readKnowledgeBase } from "./kb-dir.ts";
import { runAudit } from "./run-audit.ts";

const SUITE = fileURLToPath(new URL("../../../../../conformance/audit", import.meta.url));

/** A stdout stand-in that says "full" after every write, so that the run must wait for 'drain'. */
class SlowSink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    setTimeout(done, 1);
  }
}

describe("the audit run (streaming, in process)", () => {
  const scratch = mkdtempSync(join(tmpdir(), "yibao-audit-run-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const kb = readKnowledgeBase(join(SUITE, "kb"));
  const visits = readFileSync(join(SUITE, "visits.jsonl"), "utf8").split("\n");

  it("writes one line per non-blank input line, in order, waiting for a slow output", async () => {
    const out = new SlowSink({ highWaterMark: 16 });
    const s = await runAudit(kb, join(SUITE, "visits.jsonl"), out);
    const ids = out.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).id);
    expect(ids).toHaveLength(400);
    expect(ids[0]).toBe("V0000001");
    expect(ids[246]).toBeNull(); // the bad-json line keeps its place
    expect(s).toMatchObject({ visits: 400, malformed: 3, findings: 247 });
  });

  it("skips blank lines, accepts CRLF and a last line without a newline", async () => {
    const file = join(scratch, "blank.jsonl");
    writeFileSync(file, `\n${visits[0]}\r\n   \n${visits[1]}\n\n${visits[2]}`);
    const out = new SlowSink();
    await runAudit(kb, file, out);
    expect(
      out.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).id),
    ).toEqual(["V0000001", "V0000002", "V0000003"]);
  });

  it("refuses a knowledge base with a missing file or an unparsable CSV, naming the file", () => {
    const dir = join(scratch, "kb");
    cpSync(join(SUITE, "kb"), dir, { recursive: true });
    rmSync(join(dir, "dx_age.csv"));
    expect(() => readKnowledgeBase(dir)).toThrow(
      expect.objectContaining({ code: "AUDIT_KB_INVALID", message: "dx_age.csv: cannot be read (ENOENT)" }),
    );
    cpSync(join(SUITE, "kb", "dx_age.csv"), join(dir, "dx_age.csv"));
    writeFileSync(join(dir, "dx_sex.csv"), 'prefix,sex\n"N40,1\n');
    expect(() => readKnowledgeBase(dir)).toThrow(/dx_sex.csv: is not valid CSV/);
  });

  it("reads an optional stock.csv when there is one", () => {
    const dir = join(scratch, "kb-stock");
    cpSync(join(SUITE, "kb"), dir, { recursive: true });
    expect(readKnowledgeBase(dir).data.stock).toEqual([]);
    writeFileSync(
      join(dir, "stock.csv"),
      "\uFEFFinstitution,code,opening,received,closing\r\nY1,X,1,2,0\r\n",
    );
    expect(readKnowledgeBase(dir).data.stock).toMatchObject([
      { institution: "Y1", code: "X", received: 20_000n },
    ]);
  });
});
