import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { systemClock } from "../../clock.ts";
import { issueClearing } from "../../features/regions/clearing.service.ts";
import { statementLine } from "../../features/regions/clearing.view.ts";
import { monthArg } from "../args.ts";
import { openConfiguredDb } from "../open.ts";

const CLI_ACTOR = { ...SYSTEM_ACTOR, login: "cli" };

export function register(program: Command) {
  program
    .command("clearing")
    .description(
      "issue an ended month's inter-region clearing statements (异地就医清算, docs/regions.md) and print every statement of the month",
    )
    .requiredOption("--month <yyyy-MM>", "the month (Beijing time)", monthArg)
    .action(async (opts: { month: string }) => {
      const handle = await openConfiguredDb();
      try {
        const rows = await issueClearing(handle.db, CLI_ACTOR, opts.month, systemClock());
        for (const s of rows) console.log(statementLine(s));
        if (rows.length === 0) console.log(`${opts.month}: no out-of-region settlements to clear`);
      } finally {
        await handle.close();
      }
    });
}
