import { maskIdNumber } from "./mask.ts";

/**
 * A credential as an access log shows it (1101 lookups, staff searches): ID numbers as everywhere
 * (first 6 and last 4), other credentials (card numbers, e-voucher tokens, person numbers) keep
 * only their last 4 characters, and long tokens are cut so the log never holds a usable one.
 */
export function maskCredential(kind: string, value: string | null | undefined): string {
  const v = String(value ?? "");
  if (v === "") return "";
  if (kind === "02" || kind === "certno") return maskIdNumber(v);
  if (v.length <= 4) return "*".repeat(v.length);
  return "*".repeat(Math.min(v.length - 4, 12)) + v.slice(-4);
}
