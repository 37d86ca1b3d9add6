import { isCalendarDay } from "../time/index.ts";
import { fieldError } from "../errors/index.ts";

/**
 * Resident identity numbers (居民身份证号码, GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export function certnoCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export interface CertnoInfo {
  certno: string; // normalised: upper-case X
  regionCode: string; // first 6 digits (birth registration region)
  birthDate: string; // yyyy-MM-dd (brdy)
  gender: "1" | "2"; // gend: 1 male, 2 female
}

/** A real calendar day (the strict validator of ../dates). */
export function isValidDate(y: number, m: number, d: number): boolean {
  return isCalendarDay(y, m, d);
}

/** Validates an 18-character ID number and derives birth date and sex; errors name `field`. */
export function parseCertno(raw: string, field = "certno", today?: string): CertnoInfo {
  const certno = String(raw ?? "")
    .trim()
    .toUpperCase();
  if (!/^\d{17}[\dX]$/.test(certno)) {
    throw fieldError("REG_CERTNO_FORMAT", field, `${field} must be 17 digits and a check digit or X`);
  }
  if (certnoCheckChar(certno.slice(0, 17)) !== certno[17]) {
    throw fieldError("REG_CERTNO_CHECKSUM", field, `${field} fails the GB 11643 check digit`);
  }
  const y = Number(certno.slice(6, 10));
  const m = Number(certno.slice(10, 12));
  const d = Number(certno.slice(12, 14));
  const birthDate = `${certno.slice(6, 10)}-${certno.slice(10, 12)}-${certno.slice(12, 14)}`;
  if (y < 1880 || !isValidDate(y, m, d) || (today !== undefined && birthDate > today)) {
    throw fieldError("REG_CERTNO_BIRTHDATE", field, `${field} holds an impossible birth date`);
  }
  return {
    certno,
    regionCode: certno.slice(0, 6),
    birthDate,
    gender: Number(certno[16]) % 2 === 1 ? "1" : "2",
  };
}

/** Builds a valid ID number (demo data, tests): region 6, birth yyyyMMdd, sequence 3. */
export function makeCertno(region: string, birth: string, seq: number): string {
  const first17 = region + birth.replace(/-/g, "") + String(seq).padStart(3, "0");
  return first17 + certnoCheckChar(first17);
}

/** Age in whole years on a date (both yyyy-MM-dd). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
