/**
 * Writes N visits (default 1,000,000) to stdout for the batch audit's memory check: the public
 * suite's visits of at most 8 fee lines, in turn, each under one of 200,000 persons drawn at
 * random (a fixed seed), with ids M0, M1, ...
 *   npx tsx bench/audit-visits.ts 1000000 | /usr/bin/time -v node packages/server/bin/yibao.js audit --kb conformance/audit/kb /dev/stdin > /dev/null
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const n = Number(process.argv[2] ?? 1_000_000);
const file = fileURLToPath(new URL("../conformance/audit/visits.jsonl", import.meta.url));
type V = { id: string; person: { psn_no: string }; lines: unknown[] };
const visits: V[] = [];
for (const line of readFileSync(file, "utf8").split("\n")) {
  try {
    const v = JSON.parse(line) as V;
    if (v?.person && Array.isArray(v.lines) && v.lines.length <= 8) visits.push(v);
  } catch {}
}
let seed = 7;
const random = (k: number) => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return seed % k;
};
let chunk: string[] = [];
for (let i = 0; i < n; i++) {
  const v = visits[i % visits.length]!;
  chunk.push(JSON.stringify({ ...v, id: `M${i}`, person: { ...v.person, psn_no: `Q${random(200_000)}` } }));
  if (chunk.length === 10_000 || i === n - 1) {
    // Wait for the pipe: the audit reads slower than this writes.
    if (!process.stdout.write(chunk.join("\n") + "\n"))
      await new Promise((r) => process.stdout.once("drain", r));
    chunk = [];
  }
}
