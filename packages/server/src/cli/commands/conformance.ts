import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SettlementVector } from "@yibao/core/settlement";
import type { Command } from "commander";
import { toJson } from "../../audit/audit.ts";
import { openDb } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { runVectorThroughService } from "../../features/settlement/conformance.ts";

function vectorFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(path, f));
}

export function register(program: Command) {
  const c = program
    .command("conformance")
    .description("run conformance vectors through the real service path");
  c.command("settlement")
    .description(
      "settle every vector (file or directory) on a scratch database; prints one JSON line per vector",
    )
    .argument("<path>", "a vector file or a directory of them")
    .action(async (path: string) => {
      // A scratch database: in-memory PGlite, or the PostgreSQL of DATABASE_URL (regions 9xxxxx).
      const handle = await openDb(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {});
      await migrateToLatest(handle.db);
      try {
        let index = 1;
        for (const file of vectorFiles(path)) {
          const { expected: _ignored, ...vector } = JSON.parse(
            readFileSync(file, "utf8"),
          ) as SettlementVector & { expected?: unknown };
          try {
            const out = await runVectorThroughService(handle.db, vector, index++);
            console.log(toJson(out));
          } catch (err) {
            const e = err as { code?: string; message: string; details?: unknown };
            console.log(
              toJson({
                id: vector.id,
                error: { code: e.code ?? "INTERNAL", message: e.message, details: e.details },
              }),
            );
            process.exitCode = 1;
          }
        }
      } finally {
        await handle.close();
      }
    });
}
