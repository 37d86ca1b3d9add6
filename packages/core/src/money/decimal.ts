import { fieldError } from "../errors/index.ts";

/**
 * Exact decimal arithmetic on scaled bigints. Money is integer fen (scale 2); ratios are scale 4
 * ("0.8500" -> 8500n); prices up to 6 decimals; quantities up to 4. Never binary floating point.
 */

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string into an integer scaled by 10^scale. Refuses more decimals than `scale`. */
export function parseScaled(text: string, scale: number, field = "value"): bigint {
  const m = typeof text === "string" ? DECIMAL_RE.exec(text.trim()) : null;
  if (!m) throw fieldError("DECIMAL_INVALID", field, `${field} is not a decimal string: ${String(text)}`);
  const [, sign, whole, frac = ""] = m;
  if (frac.length > scale) {
    throw fieldError("DECIMAL_INVALID", field, `${field} has more than ${scale} decimals: ${text}`);
  }
  const digits = BigInt(whole + frac.padEnd(scale, "0"));
  // Scaled values are stored as int8 (fen, prices, quantities): beyond it is refused here, by field.
  if (digits > INT8_MAX)
    throw fieldError("NUMBER_OUT_OF_RANGE", field, `${field} is beyond the largest value that can be stored`);
  return sign ? -digits : digits;
}

/** The largest PostgreSQL int8 (2^63 - 1). */
export const INT8_MAX = 9_223_372_036_854_775_807n;

/** Formats an integer scaled by 10^scale as a decimal string with exactly `scale` decimals. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const s = abs.toString().padStart(scale + 1, "0");
  const whole = s.slice(0, s.length - scale);
  const frac = s.slice(s.length - scale);
  return (negative ? "-" : "") + whole + (scale > 0 ? "." + frac : "");
}

/**
 * numerator / denominator rounded half up (half away from zero, so negating the inputs negates the
 * result exactly: a reversal computed from negated inputs mirrors the original).
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

export const pow10 = (k: number): bigint => 10n ** BigInt(k);

export const minBig = (a: bigint, b: bigint): bigint => (a < b ? a : b);
export const maxBig = (a: bigint, b: bigint): bigint => (a > b ? a : b);
