import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The public conformance suites, as copied into the repository (`conformance/`, kept equal to
 * ../shared/conformance by CI). Found from this file's location, so tests run from any directory
 * and in a clone with nothing beside it.
 */
export const suitePath = (...parts: string[]) =>
  fileURLToPath(new URL(`../../../conformance/${parts.join("/")}`, import.meta.url));

/** The CHS-DRG 1.1 rule text the server ships (packages/server/data), read for core's tests. */
export function chsDrg11Text(): Map<string, string> {
  const dir = fileURLToPath(new URL("../../server/data/chs-drg-1.1", import.meta.url));
  const text = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".txt"))
        text.set(relative(dir, p).split("\\").join("/"), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return text;
}
