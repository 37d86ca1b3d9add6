import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ERROR_CODE_GROUPS, type ErrorCodeDef } from "@yibao/core/errors";

/** docs/errors.md is generated from the code table so that the two never drift apart. */
export function renderErrorsDoc(): string {
  const lines = [
    "# Error codes",
    "",
    "Every error Yibao returns has the shape `{code, message, details}`; `details.field` names the",
    "offending field for input errors. Over REST the HTTP status below is used, also for what the",
    "HTTP layer refuses itself (bad JSON, content type, size, method, URL: see [api.md](api.md)); over the",
    "NHSA interface (`/fsi/api/...`) every refusal, a malformed body included, is an envelope with",
    '`infcode: -1` and `err_msg: "[CODE] message"`. Bad input is never a 500: `INTERNAL` means a fault',
    "of ours, logged with the request id that its `details.requestId` carries. Messages show money in",
    "yuan and never personal data in clear. Limits (body sizes, text lengths, dates, numbers):",
    "[api.md](api.md). Codes are stable. Generated from `packages/core/src/errors/codes/*.ts` by",
    "`npm run docs:errors`.",
    "",
  ];
  for (const [group, codes] of Object.entries(ERROR_CODE_GROUPS)) {
    const entries: [string, ErrorCodeDef][] = Object.entries(codes);
    if (entries.length === 0) continue;
    lines.push(`## ${group}`, "", "| code | HTTP | meaning |", "| --- | --- | --- |");
    for (const [code, def] of entries) lines.push(`| \`${code}\` | ${def.http} | ${def.description} |`);
    lines.push("");
  }
  return lines.join("\n");
}

export const ERRORS_DOC_PATH = join(dirname(fileURLToPath(import.meta.url)), "../../../../docs/errors.md");

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ERRORS_DOC_PATH, renderErrorsDoc());
  console.log(`wrote ${ERRORS_DOC_PATH}`);
}
