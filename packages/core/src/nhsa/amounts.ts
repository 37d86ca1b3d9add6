import { fieldError } from "../errors/index.ts";
import { type DecimalKind, type Fen, MONEY, parseBounded } from "../money/index.ts";

/**
 * Numbers a HIS sends: JSON numbers or strings (clients differ). Either way the value must be a
 * plain decimal within the precision and magnitude of its kind (core/money/bounded.ts): a number
 * must be finite and its shortest decimal form (what the HIS meant: 12.5, not 12.4999...) within
 * the decimals allowed; a string must be digits with an optional minus and fraction: "NaN",
 * "null", "", "1e3", " 12", "12 .5" are refused, naming the field.
 */
export function decimalText(v: unknown, field: string, kind: DecimalKind): string {
  if (v === undefined || v === null) throw fieldError("FIELD_REQUIRED", field);
  let text: string;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw fieldError(kind.code, field, `${field} must be a finite number`);
    text = String(v); // exponent form for tiny or huge values, which parseBounded refuses
  } else if (typeof v === "string") text = v;
  else throw fieldError(kind.code, field, `${field} must be a number or a decimal string`);
  parseBounded(text, kind, field);
  return text;
}

/** An amount in yuan (2 decimals), as yuan text. */
export const amountText = (v: unknown, field: string): string => decimalText(v, field, MONEY);

/** An amount in yuan, in fen. */
export const amountFen = (v: unknown, field: string): Fen => parseBounded(amountText(v, field), MONEY, field);

/** An amount the HIS may leave out (absent or JSON null): undefined then. */
export const optionalAmountFen = (v: unknown, field: string): Fen | undefined =>
  v === undefined || v === null ? undefined : amountFen(v, field);

/** A scaled value of any kind (a count: kind COUNT), required. */
export const scaledValue = (v: unknown, field: string, kind: DecimalKind): bigint =>
  parseBounded(decimalText(v, field, kind), kind, field);
