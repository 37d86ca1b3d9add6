import { fieldError } from "../errors/index.ts";

/**
 * The social security card (社会保障卡): its card number (社会保障卡卡号), printed on the card and
 * sent by a HIS as mdtrt_cert_no with mdtrt_cert_type 03, and the chip's identification code
 * (卡识别码, NHSA field card_sn). Numbers differ between issuers, so any 6-20 letters and digits
 * are accepted (upper-cased); card_sn is 8-64 letters and digits.
 */
export function parseCardNo(raw: unknown, field = "card_no"): string {
  const s = String(raw ?? "")
    .trim()
    .toUpperCase();
  if (!/^[0-9A-Z]{6,20}$/.test(s))
    throw fieldError("REG_CARD_NO_FORMAT", field, `${field} must be 6-20 letters and digits`);
  return s;
}

export function parseCardSn(raw: unknown, field = "card_sn"): string {
  const s = String(raw ?? "")
    .trim()
    .toUpperCase();
  if (!/^[0-9A-Z]{8,64}$/.test(s))
    throw fieldError("REG_CARD_NO_FORMAT", field, `${field} must be 8-64 letters and digits`);
  return s;
}
