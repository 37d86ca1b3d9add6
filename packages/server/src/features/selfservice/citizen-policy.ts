import { type Config, defaultConfig } from "../../config.ts";
import type { CitizenPolicy } from "./citizen-login.ts";

/** The online services' sign-in policy from the configuration (docs/configuration.md). */
export function citizenPolicy(
  c: Pick<Config, "citizenSessionMinutes" | "oneTimeCodeMinutes"> = defaultConfig(),
): CitizenPolicy {
  return {
    codeTtlMs: c.oneTimeCodeMinutes * 60_000,
    sessionMs: c.citizenSessionMinutes * 60_000,
    codesPerWindow: 5,
  };
}
