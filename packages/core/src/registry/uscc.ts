import { fieldError } from "../errors/index.ts";

/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet (no I, O, Z, S, V); the last is a MOD 31 check character.
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function parseUscc(raw: string, field = "uscc"): string {
  const code = String(raw ?? "")
    .trim()
    .toUpperCase();
  if (code.length !== 18 || [...code].some((c) => !ALPHABET.includes(c))) {
    throw fieldError("REG_USCC_FORMAT", field, `${field} must be 18 characters of the GB 32100 alphabet`);
  }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) {
    throw fieldError("REG_USCC_CHECKSUM", field, `${field} fails the GB 32100 check character`);
  }
  return code;
}

/** Builds a valid code (demo data, tests) from a 6-digit region and a serial. */
export function makeUscc(region: string, serial: number): string {
  // 9 = registered by industry & commerce, 1 = enterprise; then region, then a 9-char org code.
  const first17 = "91" + region + String(serial).padStart(9, "0");
  return first17 + usccCheckChar(first17);
}
