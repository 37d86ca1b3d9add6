import { statSync } from "node:fs";
import type { Command } from "commander";
import { readKnowledgeBase } from "../../features/audit/kb-dir.ts";
import { runAudit } from "../../features/audit/run-audit.ts";
import { progressBar } from "../progress.ts";

export function register(program: Command) {
  program
    .command("audit")
    .description(
      "batch audit (事后审核) of settled visits against a knowledge base (docs/rules.md, docs/domain/AUDIT-CONTRACT.md): " +
        "one JSON line per non-blank input line on stdout, in input order; progress and a summary on stderr. " +
        "An invalid knowledge base stops the run before any output (exit 1).",
    )
    .requiredOption(
      "--kb <dir>",
      "knowledge base: items, item_pairs, dx_sex, dx_age, dx_support, chronic_dx, params, rules (.csv)",
    )
    .argument("<visits.jsonl>", "visits in begndate order, one JSON object a line")
    .action(async (file: string, opts: { kb: string }) => {
      // The knowledge base and the input are checked before the first line is written.
      const kb = readKnowledgeBase(opts.kb);
      // A reader that stops early (`| head`) ends the run quietly.
      process.stdout.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code !== "EPIPE") throw err;
        process.exit(0);
      });
      const size = statSync(file).size;
      const bar = size > 5_000_000 ? progressBar("audit", size) : null;
      const s = await runAudit(kb, file, process.stdout, bar ? (n) => bar.update(n) : undefined);
      bar?.update(size);
      bar?.stop();
      const rate = s.seconds > 0 ? Math.round(s.lines / s.seconds) : 0;
      console.error(
        `audit: ${s.visits} visits (${s.malformed} malformed), ${s.lines} fee lines, ${s.findings} findings ` +
          `in ${s.seconds.toFixed(1)} s (${rate} lines/s; CPU ${s.cpuSeconds.toFixed(1)} s)`,
      );
    });
}
