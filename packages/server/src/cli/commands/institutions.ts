import { YibaoError } from "@yibao/core/errors";
import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../../audit/audit.ts";
import { loadConfig } from "../../config.ts";
import { issueKey, listKeys, revokeKey, rotateKey } from "../../features/nhsa/keys.service.ts";
import { loadSecretBox } from "../../security/secret-key.ts";
import { openConfiguredDb } from "../open.ts";
import { systemClock } from "../../clock.ts";

const CLI_ACTOR = { ...SYSTEM_ACTOR, login: "cli" };

const keyId = (id: string) => {
  if (!/^\d{1,18}$/.test(id))
    throw new YibaoError("FIELD_INVALID", "a key id is digits (see keys list)", { field: "id" });
  return BigInt(id);
};

async function withDb<T>(fn: (h: Awaited<ReturnType<typeof openConfiguredDb>>) => Promise<T>) {
  const handle = await openConfiguredDb();
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

function printSecret(k: { id: string; fixmedinsCode: string; accessKey: string; secret: string }) {
  console.log(`institution: ${k.fixmedinsCode}`);
  console.log(`key id:      ${k.id}`);
  console.log(`access key:  ${k.accessKey}`);
  console.log(`secret:      ${k.secret}`);
  console.log("The secret is shown this once: give it to the institution now; Yibao keeps it only sealed.");
}

/**
 * `yibao institutions keys ...`: the gateway keys of institutions (HMAC variant), as the admin
 * API does it (features/nhsa/keys.service.ts), audited as "cli". The server sees a change
 * within YIBAO_REFERENCE_TTL_MS; a revocation through the API takes effect in that server at once.
 */
export function register(program: Command) {
  const keys = program
    .command("institutions")
    .description("designated institutions (定点医药机构)")
    .command("keys")
    .description("gateway access keys: list | issue | rotate | revoke (docs/nhsa.md)");
  keys
    .command("list")
    .argument("[code]", "fixmedins_code (default: every institution)")
    .description("keys, masked, with status and last use")
    .action((code?: string) =>
      withDb(async (h) => {
        const rows = await listKeys(h.db, systemClock(), { code, limit: 100_000 });
        if (rows.length === 0) console.log("no keys");
        for (const k of rows)
          console.log(
            [
              k.id,
              k.fixmedinsCode,
              k.accessKey,
              k.status,
              k.expiresAt?.toISOString() ?? "-",
              k.lastUsedAt?.toISOString() ?? "never",
            ].join("\t"),
          );
      }),
    );
  keys
    .command("issue")
    .argument("<code>", "fixmedins_code")
    .description("issue a key; prints the secret once")
    .action((code: string) =>
      withDb(async (h) => printSecret(await issueKey(h.db, loadSecretBox(loadConfig()), CLI_ACTOR, code))),
    );
  keys
    .command("rotate")
    .argument("<code>", "fixmedins_code")
    .argument("<id>", "key id (from keys list)")
    .description("a new key; the old one works for the grace period (YIBAO_NHSA_KEY_GRACE_HOURS, 24)")
    .action((code: string, id: string) =>
      withDb(async (h) => {
        const config = loadConfig();
        const k = await rotateKey(
          h.db,
          loadSecretBox(config),
          CLI_ACTOR,
          code,
          keyId(id),
          systemClock(),
          config.keyGraceHours * 3600_000,
        );
        printSecret(k);
        console.log(`The old key ${id} works until ${k.previousExpiresAt.toISOString()}.`);
      }),
    );
  keys
    .command("revoke")
    .argument("<code>", "fixmedins_code")
    .argument("<id>", "key id (from keys list)")
    .description("end a key at once")
    .action((code: string, id: string) =>
      withDb(async (h) => {
        await revokeKey(h.db, CLI_ACTOR, code, keyId(id), systemClock());
        console.log(`key ${id} of ${code} is revoked`);
      }),
    );
}
