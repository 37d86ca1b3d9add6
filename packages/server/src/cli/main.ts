import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command } from "commander";
import { ConfigError, loadConfig } from "../config.ts";
import { safeError } from "../http/log.ts";
import { describeError } from "./errors.ts";

/**
 * The yibao CLI. Each file in ./commands exports `register(program)`, so features add commands
 * without editing this file.
 */
const program = new Command()
  .name("yibao")
  .description("Yibao — 医疗保障信息平台: server, imports, conformance and batch jobs")
  .showHelpAfterError("(yibao <command> --help shows the command's options)");

const dir = join(dirname(fileURLToPath(import.meta.url)), "commands");
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
  .sort()) {
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { register?: (p: Command) => void };
  mod.register?.(program);
}

function debugRequested(): boolean {
  try {
    return loadConfig().debug;
  } catch (err) {
    if (err instanceof ConfigError) return false;
    throw err;
  }
}

try {
  loadConfig(); // every setting checked before any command runs (a bad one is named, docs/configuration.md)
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(describeError(err));
  // The configuration may itself be what failed: then no stack either.
  if (debugRequested()) console.error(safeError(err).stack);
  process.exitCode = 1;
}
