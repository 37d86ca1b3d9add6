import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { register } from "../cli/commands/his-sim.ts";
import { safeLogger } from "../http/log.ts";
import { insuredPerson, setupRegion } from "../features/settlement/settlement.fixture.ts";
import { type TestApp, openTestApp } from "../test/test-app.ts";
import { logCodeReader } from "./evoucher.ts";

/**
 * `yibao his-sim` with patients who show an e-voucher: against a listening server whose one-time
 * codes go to its log as the demo's do (the default delivery, the server's logger, here writing to
 * a file), the command's patients sign in to the online services with the code read from that log,
 * get a fresh e-voucher before each visit and are looked up by it (1101, mdtrt_cert_type 01).
 */
describe("his-sim command line with e-vouchers", () => {
  let t: TestApp;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), "his-sim-ev-"));
  const log = join(dir, "server.log");
  const certnos: string[] = [];

  beforeAll(async () => {
    writeFileSync(log, "Yibao is running (a banner line that is not JSON)\n");
    t = await openTestApp(undefined, {
      logger: { ...safeLogger("warn"), stream: { write: (line: string) => appendFileSync(log, line) } },
    });
    await setupRegion(t.handle.db);
    for (let i = 0; i < 3; i++) certnos.push((await insuredPerson(t.handle.db, 970 + i, 20_000n)).certno);
    url = await t.app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const out = vi
      .spyOn(console, "log")
      .mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true); // the progress bar
    try {
      const program = new Command().exitOverride();
      register(program);
      await program.parseAsync(["node", "yibao", "his-sim", "--url", url, ...args]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    return lines;
  };

  it("looks patients up by e-vouchers their app got with the code from the server's log", async () => {
    const persons = join(dir, "persons.csv");
    writeFileSync(
      persons,
      `# two with an e-voucher, one by ID number\n530100,01,${certnos[0]}\n530100,01,${certnos[1]}\n530100,02,${certnos[2]}\n`,
    );
    const before = (await t.handle.db.selectFrom("e_vouchers").select("id").execute()).length;
    process.exitCode = undefined;
    const lines = await run(
      ...["--institutions", "1", "--rate", "12", "--duration", "1", "--persons", persons, "--code-log", log],
    );
    const summary = lines.join("\n");
    expect(process.exitCode, summary).toBeUndefined();
    const byType = /1101 lookups by mdtrt_cert_type \(01 e-voucher, 02 ID number, 03 card\): (.*)/.exec(
      summary,
    )?.[1];
    const counts = Object.fromEntries((byType ?? "").split(" ").map((kv) => kv.split("=")));
    expect(Number(counts["01"])).toBeGreaterThan(0);
    expect(Number(counts["01"] ?? 0) + Number(counts["02"] ?? 0)).toBe(12);
    expect(summary).toMatch(/^ {2}1101 0=12$/m); // every lookup found its patient
    expect(summary).toContain("imbalances 0");
    expect(summary).not.toContain("failures");
    // one voucher per e-voucher visit, issued through the API
    const after = (await t.handle.db.selectFrom("e_vouchers").select("id").execute()).length;
    expect(after - before).toBe(Number(counts["01"]));
  });

  it("refuses e-voucher patients without the code log, and a reader finds no code that was not sent", async () => {
    const persons = join(dir, "one.csv");
    writeFileSync(persons, `530100,01,${certnos[0]}\n`);
    await expect(run("--persons", persons, "--duration", "1")).rejects.toThrow(/--code-log/);
    await expect(logCodeReader(log, 200)(certnos[2]!)).rejects.toThrow(/no one-time code for 530102\*+\d{4}/);
  });
});
