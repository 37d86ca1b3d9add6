/**
 * Batch-audit throughput through the real command, `yibao audit` (AUDIT-CONTRACT section 7: at
 * least 10 M fee lines a minute with every rule enabled).
 *   npx tsx bench/audit.ts [copies]       (default 250: ~100,000 visits, ~1.96 M fee lines)
 * The input is the public suite's visits, each repeated `copies` times right after itself under
 * another person (psn_no and id suffixed), so the file stays in begndate order and every copy has
 * the same history as the original. It runs twice: on the suite's knowledge base (every contract
 * rule enabled) and on a copy that also enables the product rules (with a stock.csv). The rate is
 * the command's own figure (fee lines / time from the first input line to the last output line,
 * start-up excluded); wall time includes start-up. Last, the engine alone, in process and warm:
 * CPU time per fee line over every 5th visit (20,000; best of 5), and JSON.parse's share of it.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Auditor } from "@yibao/core/audit";
import { readKnowledgeBase } from "../packages/server/src/features/audit/kb-dir.ts";

const copies = Number(process.argv[2] ?? 250);
const suite = fileURLToPath(new URL("../conformance/audit/", import.meta.url));
const yibao = fileURLToPath(new URL("../packages/server/bin/yibao.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "yibao-audit-bench-"));

function writeVisits(file: string): void {
  const source = readFileSync(join(suite, "visits.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim());
  let chunk: string[] = [];
  for (const line of source) {
    let v: { id: string; person: { psn_no: string } } | null = null;
    try {
      v = JSON.parse(line);
    } catch {}
    for (let c = 0; c < copies; c++) {
      if (v?.id && v.person?.psn_no) {
        chunk.push(
          JSON.stringify({
            ...v,
            id: `${v.id}-${c}`,
            person: { ...v.person, psn_no: `${v.person.psn_no}-${c}` },
          }),
        );
      } else chunk.push(line); // malformed lines stay as they are
    }
    if (chunk.length > 10_000) {
      appendFileSync(file, chunk.join("\n") + "\n");
      chunk = [];
    }
  }
  appendFileSync(file, chunk.join("\n") + "\n");
}

/** The suite's knowledge base with the product rules enabled and a stock for a few pharmacy items. */
function productKb(): string {
  const kb = join(dir, "kb-product");
  cpSync(join(suite, "kb"), kb, { recursive: true });
  appendFileSync(
    join(kb, "rules.csv"),
    [
      "frequent-admissions,management,suspicious,1",
      "multi-pharmacy-purchases,management,suspicious,1",
      "dispensing-over-stock,management,suspicious,1",
      "doctor-daily-visits-over-max,management,suspicious,1",
    ].join("\n") + "\n",
  );
  appendFileSync(
    join(kb, "params.csv"),
    "freq_admission_days,90\nfreq_admission_max,2\nmulti_pharmacy_days,30\nmulti_pharmacy_max,3\ndoctor_daily_visits_max,400\n",
  );
  const stock = ["institution,code,opening,received,closing"];
  const visits = readFileSync(join(suite, "visits.jsonl"), "utf8").split("\n").slice(0, 100);
  for (const l of visits) {
    try {
      const v = JSON.parse(l);
      for (const f of v.lines ?? []) stock.push(`${v.institution.code},${f.code},0,${copies * 20},0`);
    } catch {}
  }
  writeFileSync(join(kb, "stock.csv"), [...new Set(stock)].join("\n") + "\n");
  return kb;
}

function run(kb: string, visits: string, label: string): void {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--max-semi-space-size=64", yibao, "audit", "--kb", kb, visits], {
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 2 ** 31 - 1,
    encoding: "utf8",
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${label}: exit ${r.status}: ${r.stderr}`);
  const summary = r.stderr.trim().split("\n").at(-1) ?? "";
  const m = /audit: (\d+) visits.* (\d+) fee lines.* in ([\d.]+) s \((\d+) lines\/s; CPU ([\d.]+) s\)/.exec(
    summary,
  );
  if (!m) throw new Error(`${label}: no summary in ${r.stderr}`);
  const [visitCount, lines, seconds, cpu] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[5])];
  const perMin = (s: number) => ((lines / s) * 60) / 1e6;
  console.log(`${label}: ${summary}`);
  console.log(
    `${label}: ${perMin(seconds).toFixed(1)} M fee lines/min (${Math.round(visitCount / seconds)} visits/s); ` +
      `${perMin(cpu).toFixed(1)} M/min per CPU second; wall ${wall.toFixed(1)} s with start-up; ${r.stdout.length} bytes out`,
  );
}

/** The engine without the command around it: CPU µs per fee line, best of 5 runs. */
function inProcess(visits: string): void {
  // Every 5th line: copies 0, 5, 10... of every visit, so each person keeps a whole history.
  const lines = readFileSync(visits, "utf8")
    .split("\n")
    .filter((_, i) => i % 5 === 0);
  const kb = readKnowledgeBase(join(suite, "kb"));
  const cpu = (f: () => void) => {
    const t = process.cpuUsage();
    f();
    const u = process.cpuUsage(t);
    return (u.user + u.system) / 1000;
  };
  let audit = Number.POSITIVE_INFINITY;
  let parse = Number.POSITIVE_INFINITY;
  let feeLines = 0;
  for (let run = 0; run < 5; run++) {
    const auditor = new Auditor(kb);
    audit = Math.min(
      audit,
      cpu(() => {
        for (const l of lines) JSON.stringify(auditor.auditLine(l));
      }),
    );
    feeLines = auditor.linesAudited;
    parse = Math.min(
      parse,
      cpu(() => {
        for (const l of lines)
          try {
            JSON.parse(l);
          } catch {}
      }),
    );
  }
  const us = (ms: number) => ((ms * 1000) / feeLines).toFixed(2);
  console.log(
    `in process, warm: ${us(audit)} µs of CPU per fee line (${(((60e3 / audit) * feeLines) / 1e6).toFixed(1)} M lines per CPU-minute), JSON.parse ${us(parse)} µs of it`,
  );
}

try {
  const visits = join(dir, "visits.jsonl");
  writeVisits(visits);
  console.log(`${copies} copies of the suite: ${(statSync(visits).size / 1e6).toFixed(0)} MB of visits`);
  run(join(suite, "kb"), visits, "contract rules");
  run(productKb(), visits, "contract + product rules");
  inProcess(visits);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
