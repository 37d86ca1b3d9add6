import { Type } from "typebox";
import { IdOut, Nullable, Page, StringEnum, Timestamp } from "../../http/schemas.ts";

/** The answers of the gateway key routes (keys.routes.ts; keys.service.ts IssuedKey, KeyView). */

/** A key just issued: the secret is in this answer and nowhere else. */
export const IssuedKeyAnswer = Type.Object({
  id: IdOut,
  fixmedinsCode: Type.String(),
  accessKey: Type.String(),
  secret: Type.String({ description: "shown once: the HIS stores it; Yibao keeps it only sealed" }),
});

/** A rotation: the new key, and when the old one stops working. */
export const RotatedKeyAnswer = Type.Object({
  ...IssuedKeyAnswer.properties,
  previousExpiresAt: Timestamp,
});

export const RevokedKeyAnswer = Type.Object({ id: IdOut, revokedAt: Timestamp });

/** A key as lists show it, its access key masked. */
const KeyAnswer = Type.Object({
  id: IdOut,
  fixmedinsCode: Type.String(),
  accessKey: Type.String({ description: "masked: the first 7 and last 4 characters" }),
  status: StringEnum(["active", "expiring", "expired", "revoked"] as const),
  createdAt: Timestamp,
  expiresAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
  rotatedFrom: Nullable(Type.String({ description: "the id of the key this one replaced" })),
});
export const KeyPage = Page(KeyAnswer);
