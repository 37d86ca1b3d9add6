import { fieldError } from "../errors/index.ts";
import { parseScaled } from "./decimal.ts";

/**
 * Decimals that come from outside (a hospital's HIS, an operator): plain decimal text within a
 * precision and a magnitude. The magnitudes are far above any real bill yet keep every product
 * and sum of them inside int8 fen (a line is at most 10^7 yuan x 10^6 units = 10^15 fen).
 */
export interface DecimalKind {
  scale: number; // decimals allowed
  maxIntegerDigits: number; // digits before the point (leading zeros aside)
  code: "AMOUNT_INVALID" | "DECIMAL_INVALID";
  what: string;
}

/** Money in yuan (fen exact), below one trillion yuan. */
export const MONEY: DecimalKind = {
  scale: 2,
  maxIntegerDigits: 12,
  code: "AMOUNT_INVALID",
  what: "an amount",
};
/** A unit price (pric), below ten million yuan. */
export const PRICE: DecimalKind = { scale: 6, maxIntegerDigits: 7, code: "DECIMAL_INVALID", what: "a price" };
/** A quantity (cnt), below a million units. */
export const QUANTITY: DecimalKind = {
  scale: 4,
  maxIntegerDigits: 6,
  code: "DECIMAL_INVALID",
  what: "a quantity",
};
/** A whole count (fixmedins_setl_cnt), below a billion. */
export const COUNT: DecimalKind = { scale: 0, maxIntegerDigits: 9, code: "DECIMAL_INVALID", what: "a count" };

// Digits, an optional minus and an optional fraction: no exponent, no "+", no spaces, no ".5".
const PLAIN = /^-?(\d+)(?:\.(\d+))?$/;

/** Plain decimal text -> an integer scaled by 10^kind.scale; anything else is refused naming `field`. */
export function parseBounded(text: unknown, kind: DecimalKind, field: string): bigint {
  const m = typeof text === "string" ? PLAIN.exec(text) : null;
  if (!m) throw fieldError(kind.code, field, `${field} must be ${kind.what} written as a plain decimal`);
  const [, whole, frac = ""] = m;
  if (frac.length > kind.scale) {
    throw fieldError(kind.code, field, `${field} has more than ${kind.scale} decimals`);
  }
  if (whole!.replace(/^0+(?=\d)/, "").length > kind.maxIntegerDigits) {
    throw fieldError(kind.code, field, `${field} is out of range (at most ${kind.maxIntegerDigits} digits)`);
  }
  return parseScaled(text as string, kind.scale, field);
}
