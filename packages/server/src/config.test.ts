import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, configurationDoc, loadConfig } from "./config.ts";

describe("configuration", () => {
  it("is documented by the generated docs/configuration.md (npm run docs:config)", () => {
    const doc = readFileSync(
      fileURLToPath(new URL("../../../docs/configuration.md", import.meta.url)),
      "utf8",
    );
    expect(doc).toBe(configurationDoc());
  });

  it("has defaults for everything", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: "127.0.0.1", poolSize: 10, referenceTtlMs: 30_000 });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.nhsaAuth).toBeUndefined();
  });

  it("refuses bad values, naming every variable at once", () => {
    let err: unknown;
    try {
      loadConfig({ PORT: "abc", YIBAO_PG_POOL: "0", YIBAO_NHSA_AUTH: "none", DATABASE_URL: "mysql://x" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join("\n");
    for (const name of ["PORT", "YIBAO_PG_POOL", "YIBAO_NHSA_AUTH", "DATABASE_URL"])
      expect(problems).toContain(name);
    expect(problems).not.toContain("mysql://x"); // a URL may hold a password: never echoed
  });

  it("reads what is set", () => {
    const c = loadConfig({
      PORT: "0",
      YIBAO_NHSA_AUTH: "open",
      YIBAO_LOGIN_MAX_FAILURES: "3",
      LOG_LEVEL: "warn",
    });
    expect(c).toMatchObject({ port: 0, nhsaAuth: "open", loginMaxFailures: 3, logLevel: "warn" });
  });
});
