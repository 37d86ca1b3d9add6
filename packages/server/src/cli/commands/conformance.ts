import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type SettlementVector, type VectorDifference, compareVector } from "@yibao/core/settlement";
import type { Command } from "commander";
import { toJson } from "../../audit/audit.ts";
import { loadConfig } from "../../config.ts";
import { openDb } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { runVectorThroughService } from "../../features/settlement/conformance.ts";
import { existingPath } from "../args.ts";

function vectorFiles(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })) throw new Error(`no such file or directory: ${path}`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(path, f));
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function register(program: Command) {
  const c = program
    .command("conformance")
    .description("run conformance vectors through the real service path");
  c.command("settlement")
    .description(
      "settle every vector (file or directory) on a scratch database; prints one JSON line per vector " +
        "on stdout, and on stderr each difference from the vector's `expected` (when it has one) and a summary. " +
        "Exits 1 when a vector fails or differs.",
    )
    .argument("<path>", "a vector file or a directory of them", existingPath(true))
    .action(async (path: string) => {
      const files = vectorFiles(path);
      // A scratch database: in-memory PGlite, or the PostgreSQL of DATABASE_URL (regions 9xxxxx).
      const { databaseUrl } = loadConfig();
      const handle = await openDb(databaseUrl ? { databaseUrl } : {});
      await migrateToLatest(handle.db);
      const tally = { matched: 0, differ: 0, failed: 0, unchecked: 0 };
      try {
        for (const [i, file] of files.entries()) {
          // The expected answer is set aside before the run and only compared after it.
          const { expected, ...vector } = JSON.parse(readFileSync(file, "utf8")) as SettlementVector & {
            expected?: unknown[];
          };
          try {
            const out = await runVectorThroughService(handle.db, vector, i + 1);
            console.log(toJson(out));
            if (!Array.isArray(expected)) {
              tally.unchecked++;
              continue;
            }
            const diffs: VectorDifference[] = compareVector(expected, out.results);
            if (diffs.length === 0) tally.matched++;
            else tally.differ++;
            for (const d of diffs)
              console.error(
                `${vector.id} step ${d.step} ${d.field}: expected ${show(d.expected)}, got ${show(d.actual)}`,
              );
          } catch (err) {
            tally.failed++;
            const e = err as { code?: string; message: string; details?: unknown };
            console.log(
              toJson({
                id: vector.id,
                error: { code: e.code ?? "INTERNAL", message: e.message, details: e.details },
              }),
            );
            console.error(`${vector.id}: ${e.code ?? "INTERNAL"} ${e.message}`);
          }
        }
      } finally {
        await handle.close();
      }
      console.error(
        `settlement conformance: ${files.length} vectors, ${tally.matched} match to the fen, ` +
          `${tally.differ} differ, ${tally.failed} failed, ${tally.unchecked} without expected`,
      );
      if (tally.differ > 0 || tally.failed > 0) process.exitCode = 1;
    });
}
