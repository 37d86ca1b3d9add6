import type { Command } from "commander";
import { creditAccounts } from "../../features/contributions/account-credit.service.ts";
import { monthArg } from "../args.ts";
import { openConfiguredDb } from "../open.ts";
import { progressBar } from "../progress.ts";

export function register(program: Command) {
  const c = program.command("contributions").description("contribution jobs (筹资)");
  c.command("credit-accounts")
    .description("credit personal accounts for a month's fully paid assessments (idempotent, resumable)")
    .requiredOption("--month <yyyy-MM>", "the month", monthArg)
    .action(async (opts: { month: string }) => {
      const handle = await openConfiguredDb();
      let bar: ReturnType<typeof progressBar> | null = null;
      try {
        const r = await creditAccounts(handle.db, opts.month, (done, total) => {
          bar ??= progressBar(`credit ${opts.month}`, total);
          bar.update(done);
        });
        (bar as ReturnType<typeof progressBar> | null)?.stop();
        console.log(`credited ${r.credited} accounts for ${r.month}`);
      } finally {
        await handle.close();
      }
    });
}
