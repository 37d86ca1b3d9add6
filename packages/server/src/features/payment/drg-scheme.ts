import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type DrgScheme, type RuleText, parseChsDrg11 } from "@yibao/core/drg";

/** The CHS-DRG 1.1 rule text shipped with Yibao (Apache-2.0: see LICENSE and NOTICE there). */
export const CHS_DRG_11_DIR = fileURLToPath(new URL("../../../data/chs-drg-1.1", import.meta.url));

/** Every .txt file under `dir`, by its path relative to `dir` ("mdc/MDCA.txt"). */
export function readRuleText(dir: string): RuleText {
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

let chsDrg11: DrgScheme | null = null;
/** CHS-DRG 1.1, read and parsed once per process. */
export const loadChsDrg11 = (): DrgScheme => (chsDrg11 ??= parseChsDrg11(readRuleText(CHS_DRG_11_DIR)));
