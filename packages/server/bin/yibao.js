#!/usr/bin/env -S node --max-semi-space-size=64
// The `yibao` command. Runs the TypeScript sources through tsx (no build step to forget).
// --max-semi-space-size=64: a young generation of 64 MB, so that the server's short-lived objects
// (a request's JSON, fee lines, statement texts) die young; with Node's default the scavenges of
// a busy server cost an eighth of its throughput (docs/benchmarks.md).
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

register();
const main = join(dirname(fileURLToPath(import.meta.url)), "../src/cli/main.ts");
await import(pathToFileURL(main).href);
