import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { OUTPUT_SCHEMAS, answerSchema } from "./wire-schemas.ts";

/** docs/nhsa-schemas: one JSON schema per infno, generated from wire-schemas.ts. */
export const WIRE_SCHEMA_DIR = fileURLToPath(new URL("../../../../../docs/nhsa-schemas", import.meta.url));

export function renderWireSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const infno of Object.keys(OUTPUT_SCHEMAS).sort())
    files[`${infno}.json`] =
      `${JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", ...answerSchema(infno) }, null, 2)}\n`;
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(WIRE_SCHEMA_DIR, { recursive: true });
  for (const [name, text] of Object.entries(renderWireSchemas()))
    writeFileSync(join(WIRE_SCHEMA_DIR, name), text);
  console.log(`wrote ${WIRE_SCHEMA_DIR}`);
}
