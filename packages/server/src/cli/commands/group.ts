import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { YibaoError } from "@yibao/core/errors";
import { type DrgCaseInput, groupCase } from "@yibao/core/drg";
import { loadChsDrg11 } from "../../features/payment/drg-scheme.ts";
import type { Command } from "commander";
import { choiceArg, existingFile, parseJsonLine } from "../args.ts";
import { progressBar } from "../progress.ts";

const SCHEMES: Record<string, () => ReturnType<typeof loadChsDrg11>> = {
  "chs-drg-1.1": () => loadChsDrg11(),
};

export function register(program: Command) {
  program
    .command("group")
    .description(
      "group discharged cases (JSON lines, the format of conformance/drg); one result line per case",
    )
    .requiredOption(
      "--scheme <id>",
      `grouping scheme: ${Object.keys(SCHEMES).join(", ")}`,
      choiceArg(Object.keys(SCHEMES)),
    )
    .option("--explain", "add the path the grouper took", false)
    .argument(
      "<cases.jsonl>",
      "cases: {id, gender, age, ageDays, weightGrams, los, dischargeWay, diagnoses, procedures}",
      existingFile,
    )
    .action(async (file: string, opts: { scheme: string; explain: boolean }) => {
      const scheme = SCHEMES[opts.scheme]!(); // choiceArg admits only the schemes above
      const size = statSync(file).size;
      const bar = size > 5_000_000 ? progressBar("group", size) : null;
      let read = 0;
      let n = 0;
      const out: string[] = [];
      for await (const line of createInterface({
        input: createReadStream(file),
        crlfDelay: Number.POSITIVE_INFINITY,
      })) {
        read += Buffer.byteLength(line) + 1;
        if (!line.trim()) continue;
        n++;
        // The expected grouping, if present, is never read.
        const c = parseJsonLine(line, n) as DrgCaseInput & { id?: string; expected?: unknown };
        if (!Array.isArray(c.diagnoses) || !Array.isArray(c.procedures)) {
          throw new YibaoError("DRG_CASE_INVALID", `line ${n}: diagnoses and procedures must be arrays`, {
            field: "diagnoses",
            line: n,
          });
        }
        const r = groupCase(scheme, {
          gender: c.gender,
          age: c.age,
          ageDays: c.ageDays,
          weightGrams: c.weightGrams,
          los: c.los,
          dischargeWay: c.dischargeWay,
          diagnoses: c.diagnoses,
          procedures: c.procedures,
        });
        out.push(
          JSON.stringify(
            opts.explain
              ? { id: c.id, mdc: r.mdc, adrg: r.adrg, drg: r.drg, trace: r.trace }
              : { id: c.id, mdc: r.mdc, adrg: r.adrg, drg: r.drg },
          ),
        );
        if (out.length >= 10_000) {
          process.stdout.write(out.join("\n") + "\n");
          out.length = 0;
          bar?.update(read);
        }
      }
      if (out.length) process.stdout.write(out.join("\n") + "\n");
      bar?.stop();
    });
}
