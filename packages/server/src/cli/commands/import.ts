import { basename } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { type ImportKind, importCsv } from "../../features/registry/import.service.ts";
import { choiceArg, existingFile } from "../args.ts";
import { openConfiguredDb } from "../open.ts";
import { progressBar } from "../progress.ts";
import { systemClock } from "../../clock.ts";
import { beijingDay } from "@yibao/core/time";

const KINDS: ImportKind[] = ["persons", "employers", "enrolments", "assistance"];

export function register(program: Command) {
  program
    .command("import")
    .description(
      "import a CSV file, all-or-nothing: persons | employers | enrolments | assistance (docs/registry.md)",
    )
    .argument("<kind>", KINDS.join(" | "), choiceArg(KINDS))
    .argument("<file>", "CSV file with a header row", existingFile)
    .option("--errors <file>", "where to write the per-row error report (default <file>.errors.csv)")
    .action(async (kind: string, file: string, opts: { errors?: string }) => {
      const handle = await openConfiguredDb();
      const started = Date.now();
      let bar: ReturnType<typeof progressBar> | null = null;
      try {
        const report = await importCsv(
          handle.db,
          { ...SYSTEM_ACTOR, login: "cli-import" },
          kind as ImportKind,
          readFileSync(file, "utf8"),
          beijingDay(systemClock()),
          (done, total) => {
            bar ??= progressBar(`import ${kind}`, total);
            bar.update(done);
          },
          basename(file),
        );
        (bar as ReturnType<typeof progressBar> | null)?.stop();
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (report.errors.length > 0) {
          const out = opts.errors ?? `${file}.errors.csv`;
          writeFileSync(
            out,
            [
              "row,field,code,message",
              ...report.errors.map((e) => `${e.row},${e.field},${e.code},"${e.message.replace(/"/g, '""')}"`),
            ].join("\n") + "\n",
          );
          console.error(
            `${report.errors.length} of ${report.rows} rows are invalid; nothing was imported. Report: ${out}`,
          );
          for (const e of report.errors.slice(0, 10))
            console.error(`  row ${e.row} ${e.field}: ${e.code} ${e.message}`);
          process.exitCode = 2;
        } else console.log(`imported ${report.imported} ${kind} in ${seconds} s (${handle.engine})`);
      } finally {
        await handle.close();
      }
    });
}
