import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../test/repo-root.ts";

/** Where the test files of every project live (vitest.config.ts). */
const TEST_DIRS = ["packages/core/src", "packages/core/test", "packages/server/src", "packages/web/e2e"];

/** Every test file of the repository, as paths relative to its root. */
export function testFiles(root = REPO_ROOT): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory() && e.name !== "node_modules") walk(p);
      else if (/\.test\.tsx?$/.test(e.name)) found.push(relative(root, p).split("\\").join("/"));
    }
  };
  for (const d of TEST_DIRS) walk(join(root, d));
  return found.sort();
}

/**
 * The part of a test file that can assert something: comments, the titles of describe/it/test and
 * errors the test builds itself (`new YibaoError("X")`, `fieldError("X", ...)`) are left out, so
 * that a code named only there does not count as tested.
 */
export function assertionText(source: string): string {
  return (
    source
      .replace(/\/\*[\s\S]*?\*\//g, " ")
      // line comments, but not the `//` of a URL inside a string ("http://...")
      .replace(/(^|[^:\\])\/\/.*$/gm, "$1")
      .replace(/\b(?:describe|it|test)(?:\.\w+)*(?:\([^()]*\))?\(\s*(["'`])(?:\\.|(?!\1)[^\\])*\1/g, "(")
      .replace(/\b(?:new YibaoError|fieldError)\(\s*["'`][A-Z][A-Z0-9_]*["'`]/g, "(")
  );
}

/** The codes that a text names as whole words (in a string, a regular expression or an object). */
export function codesNamedIn(text: string, codes: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (const m of text.matchAll(/(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]*(?![A-Za-z0-9_])/g)) named.add(m[0]);
  return new Set(codes.filter((c) => named.has(c)));
}

/** For each code, the test files (but those excluded) that name it in their assertions. */
export function testsNamingCodes(
  codes: readonly string[],
  exclude: readonly string[] = [],
  root = REPO_ROOT,
): Map<string, string[]> {
  const byCode = new Map<string, string[]>(codes.map((c) => [c, []]));
  for (const file of testFiles(root)) {
    if (exclude.includes(file)) continue;
    const text = assertionText(readFileSync(join(root, file), "utf8"));
    for (const code of codesNamedIn(text, codes)) byCode.get(code)!.push(file);
  }
  return byCode;
}
