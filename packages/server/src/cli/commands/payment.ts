import { readFileSync } from "node:fs";
import { fenToYuan, nonNegativeYuanToFen } from "@yibao/core/money";
import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { type CaseJson, importCases } from "../../features/payment/cases.import.ts";
import { liquidateOtherMethods } from "../../features/payment/other-methods.service.ts";
import { buildDip, liquidateYear } from "../../features/payment/payment.service.ts";
import { existingFile, parseJsonLine, positiveIntArg, regionArg, yearArg, yuanArg } from "../args.ts";
import { openConfiguredDb } from "../open.ts";
import { progressBar } from "../progress.ts";

export function register(program: Command) {
  program
    .command("import-cases")
    .description(
      "load discharged inpatient cases for DRG payment (JSON lines: id, fixmedins_code, psn_no, admission, discharge, gender, age, ageDays, weightGrams, los, diagnoses, procedures, cost, fundPaid)",
    )
    .argument("<cases.jsonl>", "the cases, one JSON object a line", existingFile)
    .action(async (file: string) => {
      const handle = await openConfiguredDb();
      try {
        const cases = readFileSync(file, "utf8")
          .split("\n")
          .filter((l) => l.trim())
          .map((l, i) => parseJsonLine(l, i + 1) as CaseJson);
        const r = await importCases(handle.db, cases);
        console.log(`loaded ${r.inserted} of ${cases.length} cases`);
      } finally {
        await handle.close();
      }
    });
  program
    .command("dip-build")
    .description(
      "learn the region's DIP catalogue from a year's cases: core groups over a threshold, comprehensive groups by chapter and treatment type",
    )
    .requiredOption("--year <yyyy>", "the history year", yearArg)
    .option("--core-threshold <n>", "cases needed for a core group", positiveIntArg(100_000), 15)
    .action(async (opts: { year: number; coreThreshold: number }) => {
      const handle = await openConfiguredDb();
      try {
        const cat = await buildDip(handle.db, opts.year, opts.coreThreshold);
        const groups = [...cat.groups.values()];
        console.log(
          `regional mean ${fenToYuan(cat.regionalMean)} yuan; ${groups.filter((g) => g.kind === "core").length} core groups, ${groups.filter((g) => g.kind === "comprehensive").length} comprehensive groups`,
        );
        for (const g of groups.sort((a, b) => b.cases - a.cases).slice(0, 20))
          console.log(
            `  ${g.kind.padEnd(13)} ${g.code.padEnd(30)} cases ${g.cases} mean ${fenToYuan(g.meanCost)} score ${(Number(g.score) / 10_000).toFixed(1)}`,
          );
      } finally {
        await handle.close();
      }
    });
  program
    .command("liquidate")
    .description(
      "年终清算: group the year's cases (resumable), weights from the year before, points, point value, statements",
    )
    .requiredOption("--year <yyyy>", "the year", yearArg)
    .requiredOption("--budget <yuan>", "the region's DRG budget for the year", yuanArg)
    .option("--region <code>", "pooling region", regionArg, "530100")
    .option("--dip-budget <yuan>", "the budget of the hospitals paid by DIP scores", yuanArg)
    .action(async (opts: { year: number; budget: string; region: string; dipBudget?: string }) => {
      const handle = await openConfiguredDb();
      let bar: ReturnType<typeof progressBar> | null = null;
      try {
        const l = await liquidateYear(
          handle.db,
          { ...SYSTEM_ACTOR, login: "cli-liquidate" },
          {
            region: opts.region,
            year: opts.year,
            budget: nonNegativeYuanToFen(opts.budget, "budget"),
            ...(opts.dipBudget ? { dipBudget: nonNegativeYuanToFen(opts.dipBudget, "dipBudget") } : {}),
          },
          (done, total) => {
            bar ??= progressBar("group", total);
            bar.update(done);
          },
        );
        (bar as ReturnType<typeof progressBar> | null)?.stop();
        for (const o of await liquidateOtherMethods(
          handle.db,
          { ...SYSTEM_ACTOR, login: "cli-liquidate" },
          { region: opts.region, year: opts.year },
        )) {
          console.log(
            `run ${o.runId}: ${o.statements.length} per diem / capitation hospitals, payable ${fenToYuan(o.totals.payable)}`,
          );
        }
        if (l.dip)
          console.log(
            `DIP run ${l.dip.runId}: point value ${l.dip.pointValue} yuan; ${l.dip.statements.length} hospitals; amounts ${fenToYuan(l.dip.totals.drgAmount)}`,
          );
        console.log(
          `run ${l.runId}: point value ${l.pointValue} yuan; ${l.statements.length} hospitals; DRG amounts ${fenToYuan(l.totals.drgAmount)}, payable ${fenToYuan(l.totals.payable)}`,
        );
        for (const s of l.statements)
          console.log(
            `  ${s.hospital} points ${s.points / 10_000n} amount ${fenToYuan(s.drgAmount)} fund-paid ${fenToYuan(s.fundPaid)} payable ${fenToYuan(s.payable)} (${s.cases.length} cases)`,
          );
      } finally {
        await handle.close();
      }
    });
}
