import { randomBytes, randomInt } from "node:crypto";

/** Letters and digits without I and O, which read as 1 and 0 on a printed card. */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/**
 * A social security card number (社会保障卡卡号) issued by this platform: "Y" and 11 random
 * characters (34^11 ≈ 7e16 numbers), so that a card number cannot be guessed from a person's
 * other data or from the order of registration. Imports may bring the numbers of cards issued
 * elsewhere (core/registry/card.ts says which are accepted).
 */
export function issueCardNo(): string {
  let s = "Y";
  for (let i = 0; i < 11; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** The card's chip identification code (卡识别码, card_sn): 32 hex characters. */
export function issueCardSn(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}
