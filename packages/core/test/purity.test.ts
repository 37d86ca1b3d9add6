import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * packages/core is the pure domain: no I/O (no node: modules, no files, no environment) and no
 * clock (time is passed in; core/time formats instants it is given). Tests included: core's own
 * tests need nothing but vitest and fast-check; tests that read suites live in packages/core/test.
 */
const SRC = fileURLToPath(new URL("../src", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["']node:/, "a node: module"],
  [/import\(\s*["']node:/, "a node: module"],
  [/\brequire\(/, "require()"],
  [/from\s+["'](fs|path|url|os|crypto|child_process|http|https|net)["']/, "a Node built-in"],
  [/\bprocess\./, "the process (environment, clock, exit)"],
  [/\bDate\.now\(/, "the clock (Date.now)"],
  [/new Date\(\s*\)/, "the clock (new Date())"],
  [/\bperformance\.now\(/, "the clock (performance.now)"],
  [/\bMath\.random\(/, "randomness (pass a generator in)"],
  [/\b(setTimeout|setInterval)\(/, "timers"],
];

describe("packages/core is pure", () => {
  const files = sources(SRC);

  it("finds its sources", () => expect(files.length).toBeGreaterThan(40));

  it("imports nothing of Node, reads no clock, no environment and no randomness", () => {
    const found: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, "utf8")
        .split("\n")
        .filter((l) => !/^\s*(\/\/|\*)/.test(l)) // comments may speak of what is forbidden
        .join("\n");
      for (const [re, what] of FORBIDDEN) if (re.test(text)) found.push(`${relative(SRC, f)}: ${what}`);
    }
    expect(found).toEqual([]);
  });

  it("catches a forbidden line (the check itself works)", () => {
    const line = 'import { readFileSync } from "node:fs";';
    expect(FORBIDDEN.some(([re]) => re.test(line))).toBe(true);
    expect(FORBIDDEN.some(([re]) => re.test("const t = new Date();"))).toBe(true);
    expect(FORBIDDEN.some(([re]) => re.test("const t = new Date(ms);"))).toBe(false);
  });
});
