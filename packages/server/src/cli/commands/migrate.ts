import type { Command } from "commander";
import { openConfiguredDb } from "../open.ts";

export function register(program: Command) {
  program
    .command("migrate")
    .description("apply pending database migrations (DATABASE_URL or PGlite in YIBAO_DATA_DIR)")
    .action(async () => {
      const handle = await openConfiguredDb();
      console.log(`database is up to date (${handle.engine})`);
      await handle.close();
    });
}
