// Writes docs/configuration.md from the settings table of packages/server/src/config.ts.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configurationDoc } from "../packages/server/src/config.ts";

const out = fileURLToPath(new URL("../docs/configuration.md", import.meta.url));
writeFileSync(out, configurationDoc());
console.log(`wrote ${out}`);
