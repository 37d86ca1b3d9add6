/**
 * Grouping throughput on one core: N cases (default 1,000,000) made deterministically by mixing the
 * conformance cases' inputs (ages, sexes, weights, diagnoses and procedures drawn from them).
 *   npx tsx bench/drg-grouping.ts [N]
 */
import { readFileSync } from "node:fs";
import { type DrgCaseInput, groupCase } from "@yibao/core/drg";
import { loadChsDrg11 } from "../packages/server/src/features/payment/drg-scheme.ts";

const N = Number(process.argv[2] ?? 1_000_000);
const source = readFileSync(new URL("../conformance/drg/chs-drg-1.1.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as DrgCaseInput);
const allDx = source.flatMap((c) => c.diagnoses).filter(Boolean);
const allPx = source.flatMap((c) => c.procedures).filter(Boolean);

let seed = 12345;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const cases: DrgCaseInput[] = Array.from({ length: N }, (_, i) => {
  const base = source[i % source.length]!;
  if (i < source.length) return base;
  // keep the principal diagnosis and procedure of a real case; vary the secondary codes
  const dx = [base.diagnoses[0]!, ...Array.from({ length: rnd(4) }, () => allDx[rnd(allDx.length)]!)];
  const px = base.procedures.length
    ? [base.procedures[0]!, ...Array.from({ length: rnd(2) }, () => allPx[rnd(allPx.length)]!)]
    : [];
  return { ...base, diagnoses: dx, procedures: px };
});

const t0 = performance.now();
const scheme = loadChsDrg11();
const loadMs = performance.now() - t0;
const counts = new Map<string, number>();
const t1 = performance.now();
for (const c of cases) {
  const r = groupCase(scheme, c);
  counts.set(r.mdc, (counts.get(r.mdc) ?? 0) + 1);
}
const s = (performance.now() - t1) / 1000;
console.log(
  `scheme loaded in ${loadMs.toFixed(0)} ms; grouped ${N} cases in ${s.toFixed(2)} s = ${Math.round(N / s).toLocaleString("en")} cases/s on one core (${counts.get("0000") ?? 0} ungroupable)`,
);
