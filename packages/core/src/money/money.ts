import { fieldError } from "../errors/index.ts";
import { divRoundHalfUp, formatScaled, parseScaled, pow10 } from "./decimal.ts";

/** Integer fen (分). The only representation of money inside Yibao. */
export type Fen = bigint;
/** A ratio scaled by 10^4: "0.8500" -> 8500n. */
export type Ratio = bigint;

export const RATIO_SCALE = 4;
export const RATIO_ONE: Ratio = 10_000n;

const YUAN_RE = /^-?\d+(\.\d{1,2})?$/;

/** "123.45" (yuan, at most 2 decimals) -> 12345n fen. */
export function yuanToFen(text: string, field = "amount"): Fen {
  if (typeof text !== "string" || !YUAN_RE.test(text.trim())) {
    throw fieldError("AMOUNT_INVALID", field, `${field} must be a yuan amount with at most 2 decimals`);
  }
  return parseScaled(text, 2, field);
}

/** Like yuanToFen but refuses negative amounts. */
export function nonNegativeYuanToFen(text: string, field = "amount"): Fen {
  const fen = yuanToFen(text, field);
  if (fen < 0n) throw fieldError("AMOUNT_NEGATIVE", field, `${field} must not be negative`);
  return fen;
}

/** 12345n -> "123.45". */
export function fenToYuan(fen: Fen): string {
  return formatScaled(fen, 2);
}

export function parseRatio(text: string, field = "ratio"): Ratio {
  return parseScaled(text, RATIO_SCALE, field);
}

export function formatRatio(ratio: Ratio): string {
  return formatScaled(ratio, RATIO_SCALE);
}

/** round(fen * ratio), half up. */
export function applyRatio(fen: Fen, ratio: Ratio): Fen {
  return divRoundHalfUp(fen * ratio, RATIO_ONE);
}

/**
 * round(price * quantity) in fen, where price and quantity are decimals given as scaled integers.
 * Used for a fee line's amount (det_item_fee_sumamt = round(pric * cnt)).
 */
export function mulToFen(a: bigint, aScale: number, b: bigint, bScale: number): Fen {
  const scale = aScale + bScale;
  return scale >= 2 ? divRoundHalfUp(a * b, pow10(scale - 2)) : a * b * pow10(2 - scale);
}
