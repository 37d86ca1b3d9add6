/**
 * Masking of personal data (个人信息脱敏) for logs, error messages and roles that may not see it.
 * ID numbers keep region prefix and the last 4 characters; names keep the surname; phones keep
 * the first 3 and last 4 digits.
 */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return "";
  if (id.length <= 10) return "*".repeat(id.length); // too short to keep 6 + 4 and hide anything
  return id.slice(0, 6) + "*".repeat(id.length - 10) + id.slice(-4);
}

export function maskName(name: string | null | undefined): string {
  if (!name) return "";
  const chars = [...name];
  if (chars.length === 1) return "*";
  return chars[0] + "*".repeat(chars.length - 1);
}

export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  if (phone.length < 8) return "*".repeat(phone.length);
  return phone.slice(0, 3) + "*".repeat(phone.length - 7) + phone.slice(-4);
}

/** 18-digit resident IDs anywhere in free text (log lines, messages). */
const ID_IN_TEXT = /\b(\d{6})\d{8}(\d{3}[\dXx])\b/g;
const PHONE_IN_TEXT = /\b(1[3-9]\d)\d{4}(\d{4})\b/g;

/** Masks ID numbers and mobile numbers found in free text. */
export function maskText(text: string): string {
  return text.replace(ID_IN_TEXT, "$1********$2").replace(PHONE_IN_TEXT, "$1****$2");
}
