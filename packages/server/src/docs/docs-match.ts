import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { REPO_ROOT } from "../test/repo-root.ts";

/** README.md and every page of docs/, as paths relative to the repository's root. */
export function docPages(root = REPO_ROOT): string[] {
  const pages = readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md"));
  return ["README.md", ...pages.sort().map((f) => `docs/${f}`)];
}

/** Files of the repository (sources, data, docs), for names a page gives without a directory. */
export function repoFiles(root = REPO_ROOT): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name === "dist" || e.name.startsWith(".git")) continue;
      const p = join(dir, e.name);
      files.push(relative(root, p).split("\\").join("/"));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(root);
  return files;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

/** The relative links of a page (not http, not mailto), with their anchors. */
export function linksOf(text: string): { target: string; anchor: string | null }[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((l) => !/^[a-z]+:/.test(l))
    .map((l) => {
      const [target, anchor] = l.split("#");
      return { target: target ?? "", anchor: anchor ?? null };
    });
}

/**
 * The repository paths a page names in code spans: `packages/...`, `features/x/y.ts`,
 * `core/nhsa/amounts.ts`, `db/plan.ts`, a bare `visit.session.ts`... Commands, globs and
 * placeholders (`<data dir>/secret.key`, `mdc/MDCx.txt`) are not paths of the repository.
 */
export function pathsOf(text: string): string[] {
  return (
    [...text.matchAll(/`([^`\s]+)`/g)]
      .map((m) => m[1]!)
      .filter((p) => /^(\.\.\/)?[\w.-]+(\/[\w.-]+)*\/?$/.test(p))
      .filter(
        (p) =>
          /\.(ts|tsx|js|md|sh|json|jsonl|csv|txt)$/.test(p) ||
          /^(packages|docs|bench|scripts|conformance|\.ci)\//.test(p),
      )
      // placeholders and the names of a user's own files (a knowledge base's stock.csv, an import's file.csv)
      .filter(
        (p) =>
          (!/\bMDCx\b/.test(p) && !/^[\w-]+\.(csv|jsonl)$/.test(p)) || /^(items|rules|params)\.csv$/.test(p),
      )
  );
}

/** Where a path named in a page may be: from the root, the page, the server's or core's sources. */
export function resolves(path: string, page: string, files: Set<string>, root = REPO_ROOT): boolean {
  const clean = path.replace(/\/$/, "");
  if (path.startsWith("../")) return !existsSync(join(root, "../shared")) || existsSync(join(root, clean));
  const bases = [
    "",
    dirname(page),
    "packages/server/src",
    "packages/server",
    "packages/core/src",
    "packages",
  ];
  const core = clean.startsWith("core/") ? [`packages/core/src/${clean.slice(5)}`] : [];
  if ([...bases.map((b) => (b ? `${b}/${clean}` : clean)), ...core].some((p) => files.has(p))) return true;
  // a bare name (`fee-lines.ts`, `rules/`) is a file or folder somewhere in the sources
  return clean.includes("/")
    ? [...files].some((f) => f.endsWith(`/${clean}`))
    : [...files].some((f) => basename(f) === clean);
}

/** The headings' anchors of a page. */
export function anchorsOf(page: string, root = REPO_ROOT): Set<string> {
  const text = readFileSync(join(root, page), "utf8");
  return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => anchorOf(m[1]!)));
}
