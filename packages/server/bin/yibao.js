#!/usr/bin/env node
// The `yibao` command. Runs the TypeScript sources through tsx (no build step to forget).
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

register();
const main = join(dirname(fileURLToPath(import.meta.url)), "../src/cli/main.ts");
await import(pathToFileURL(main).href);
