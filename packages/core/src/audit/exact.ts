import { type Fen, divRoundHalfUp } from "../money/index.ts";

/**
 * The two exact operations the audit runs for every fee line, in the forms of the money helpers
 * that suit a hot path (exact.test.ts checks them against parseScaled and mulToFen).
 */

const SCALE = 100_000_000n; // 10^(4 + 6 − 2): quantity scale 4 times price scale 6, to fen

/** fen(q, p) of the contract: a quantity (scale 4) times a unit price (scale 6), exactly, half up to the fen. */
export const fen = (qty: bigint, price: bigint): Fen => divRoundHalfUp(qty * price, SCALE);

const ZEROS = ["", "0", "00", "000", "0000", "00000", "000000"];
const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/**
 * An unsigned decimal text (digits, at most one dot with digits on both sides, at most `scale`
 * places, or exactly `scale` with `exact`) scaled by 10^scale, like parseScaled; null when it is
 * not one. It reads the digits itself: up to 15 significant digits are exact in a double, longer
 * texts go through the digit string.
 */
export function scaledDecimal(v: unknown, scale: number, exact = false): bigint | null {
  if (typeof v !== "string" || v.length === 0) return null;
  const n = v.length;
  let x = 0;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const ch = v.charCodeAt(i);
    if (ch >= 48 && ch <= 57) x = x * 10 + (ch - 48);
    else if (ch === 46 && dot < 0 && i > 0 && i < n - 1) dot = i;
    else return null;
  }
  const places = dot < 0 ? 0 : n - dot - 1;
  if (places > scale || (exact && places !== scale)) return null;
  const digits = dot < 0 ? n : n - 1;
  if (digits + scale - places <= 15) return BigInt(x * POW10[scale - places]!);
  return BigInt((dot < 0 ? v : v.slice(0, dot) + v.slice(dot + 1)) + ZEROS[scale - places]!);
}
