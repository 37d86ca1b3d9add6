import { Type } from "typebox";

/**
 * Field schemas shared by the REST routes. Every text field has a length limit (docs/api.md lists
 * them); dates are real calendar days (the `date` format is core/dates' strict validator); ids and
 * amounts are bounded so that they fit PostgreSQL's int8 (ids at most 18 digits, amounts at most
 * 15 digits of yuan, i.e. below 2^63 fen).
 */
export const DateText = Type.String({
  format: "calendar-date",
  maxLength: 10,
  description: "yyyy-MM-dd, a real calendar day",
});
export const IdText = Type.String({ pattern: "^\\d{1,18}$", maxLength: 18, description: "a numeric id" });
export const RegionCode = Type.String({
  pattern: "^\\d{6}$",
  maxLength: 6,
  description: "6-digit region code",
});
export const PsnNo = Type.String({ minLength: 1, maxLength: 30, description: "person number (人员编号)" });
/** Yuan with at most 2 decimals and at most 15 integer digits. */
export const Money = Type.String({
  pattern: "^\\d{1,15}(\\.\\d{1,2})?$",
  maxLength: 18,
  description: "yuan, at most 2 decimals",
});
export const SignedMoney = Type.String({
  pattern: "^-?\\d{1,15}(\\.\\d{1,2})?$",
  maxLength: 19,
  description: "yuan, at most 2 decimals",
});
/** A price or quantity: at most 12 integer digits and 6 decimals. */
export const DecimalText = Type.String({ pattern: "^-?\\d{1,12}(\\.\\d{1,6})?$", maxLength: 20 });
