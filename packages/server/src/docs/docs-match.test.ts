import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ERROR_CODES, type ErrorCode } from "@yibao/core/errors";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../test/repo-root.ts";
import { anchorsOf, docPages, linksOf, pathsOf, repoFiles, resolves } from "./docs-match.ts";

const files = repoFiles();
const fileSet = new Set(files);
const read = (p: string) => readFileSync(join(REPO_ROOT, p), "utf8");
const pages = docPages().map((page) => ({ page, text: read(page) }));
/** The product's and tools' sources (not tests, not docs): what the pages describe. */
const sources = files
  .filter((f) => /^(packages\/[\w-]+\/(src|bin|e2e)|scripts|bench|\.ci)\//.test(f))
  .filter((f) => /\.(ts|tsx|js|sh)$/.test(f) && !/\.test\.tsx?$/.test(f))
  .map((f) => ({ file: f, text: read(f) }));

/**
 * README.md and docs/ claim only what exists: the files, folders and pages they name, the
 * commands they show, the error codes and statuses they quote. (What a page says in words is
 * checked by reading it against the code; this keeps the names from going stale.)
 */
describe("the docs match the repository", () => {
  it("link only to pages and headings that exist", () => {
    const broken = pages.flatMap(({ page, text }) =>
      linksOf(text)
        .map((l) => ({ ...l, file: l.target ? join(page, "..", l.target).split("\\").join("/") : page }))
        .filter((l) => !fileSet.has(l.file) || (l.anchor !== null && !anchorsOf(l.file).has(l.anchor)))
        .map((l) => `${page} -> ${l.target}${l.anchor ? `#${l.anchor}` : ""}`),
    );
    expect(broken).toEqual([]);
  });

  it("name only files and folders that exist", () => {
    const missing = pages.flatMap(({ page, text }) =>
      pathsOf(text)
        .filter((p) => !resolves(p, page, fileSet))
        .map((p) => `${page}: ${p}`),
    );
    expect(missing).toEqual([]);
  });

  it("exist wherever the code points to one (CLI help, error messages, comments)", () => {
    const named = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/\bdocs\/[\w-]+\.md\b/g)].map((m) => ({ file, doc: m[0] })),
    );
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n) => !fileSet.has(n.doc)).map((n) => `${n.file}: ${n.doc}`)).toEqual([]);
  });

  it("show only yibao commands that exist", () => {
    // top-level commands are registered on `program`; the others of their file are their subcommands
    const subcommands = new Map<string, string[]>();
    for (const { file, text } of sources.filter((s) => s.file.includes("src/cli/commands/"))) {
      const words = [...text.matchAll(/\.command\("([\w-]+)"\)/g)].map((m) => m[1]!);
      const top = [...text.matchAll(/program\s*\.command\("([\w-]+)"\)/g)].map((m) => m[1]!);
      for (const t of top)
        subcommands.set(
          t,
          words.filter((w) => !top.includes(w)),
        );
      expect(top.length, file).toBeGreaterThan(0);
    }
    const shown = pages.flatMap(({ page, text }) =>
      [...text.matchAll(/(?<![\w/.-])yibao ([a-z][\w-]*)(?: ([a-z][\w-]*))?/g)].map((m) => ({
        page,
        cmd: m[1]!,
        sub: m[2],
      })),
    );
    expect(shown.length).toBeGreaterThan(10);
    const unknown = shown.filter(({ cmd, sub }) => {
      const subs = subcommands.get(cmd);
      return !subs || (subs.length > 0 && (sub === undefined || !subs.includes(sub)));
    });
    expect(unknown.map((u) => `${u.page}: yibao ${u.cmd} ${u.sub ?? ""}`)).toEqual([]);
  });

  it("quote every error code with the HTTP status it has", () => {
    const quoted = pages.flatMap(({ page, text }) =>
      [...text.matchAll(/\b(\d{3})(?: \|)? `([A-Z][A-Z0-9_]+)`/g)]
        .filter((m) => m[2]! in ERROR_CODES)
        .map((m) => ({ page, status: Number(m[1]), code: m[2] as ErrorCode })),
    );
    expect(quoted.length).toBeGreaterThan(10);
    const wrong = quoted.filter((q) => ERROR_CODES[q.code].http !== q.status);
    expect(wrong.map((w) => `${w.page}: ${w.status} ${w.code} (is ${ERROR_CODES[w.code].http})`)).toEqual([]);
  });

  it("name only codes, settings and constants that the sources define", () => {
    const all = sources.map((s) => s.text).join("\n");
    const names = pages.flatMap(({ page, text }) =>
      [...text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((m) => ({ page, name: m[1]! })),
    );
    expect(names.length).toBeGreaterThan(50);
    const stale = names.filter(({ name }) => !new RegExp(`\\b${name}\\b`).test(all));
    expect(stale.map((s) => `${s.page}: ${s.name}`)).toEqual([]);
  });
});
