import { YibaoError, fieldError } from "@yibao/core/errors";
import QRCode from "qrcode";
import type { Selectable } from "kysely";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import type { SecretBox } from "../../security/secret-box.ts";
import { requireRowInScope } from "../platform/region-scope.ts";
import type { PersonTable } from "../registry/registry.table.ts";
import { findPersonByPsnNo } from "../registry/registry.repository.ts";
import { type Citizen, citizenActor } from "../selfservice/citizen-login.ts";
import { insertEVoucher, useEVoucher } from "./evoucher.repository.ts";
import { makeToken, readToken } from "./token.ts";

/** How long an e-voucher token is good for: the patient shows it at the counter, the HIS reads it at once. */
export const EVOUCHER_TTL_MS = 5 * 60_000;
const PURPOSE = "e-voucher v1";

export interface IssuedEVoucher {
  token: string;
  expiresAt: Date;
  /** the token as a QR code (SVG text), for the console's and self-service pages */
  qrSvg: string;
}

/**
 * Issues an e-voucher for a person: a row naming them and a signed token naming the row. Issued by
 * agency staff for a person of their region (audited, without the token), or by the self-service
 * API for the signed-in person (`issueOwnEVoucher`: issuedBy "insured:{psn_no}").
 */
export async function issueEVoucher(
  db: Db,
  box: SecretBox,
  actor: Actor,
  psnNo: string,
  now: Date,
): Promise<IssuedEVoucher> {
  const notFound = () => fieldError("NOT_FOUND", "psnNo", "No such person");
  const { id, expiresAt } = await db.transaction().execute(async (trx) => {
    const person = await findPersonByPsnNo(trx, psnNo);
    if (!person) throw notFound();
    await requireRowInScope(trx, actor, person.region_code, notFound);
    const expiresAt = new Date(now.getTime() + EVOUCHER_TTL_MS);
    const row = await insertEVoucher(trx, {
      personId: person.id,
      issuedAt: now,
      expiresAt,
      issuedBy: actor.login,
    });
    await recordAudit(trx, actor, {
      action: "e_voucher.issue",
      entity: "e_vouchers",
      entityId: row.id,
      after: { person_id: String(person.id), expires_at: expiresAt.toISOString() },
    });
    return { id: row.id, expiresAt };
  });
  const token = makeToken(box.derive(PURPOSE), id, expiresAt);
  return {
    token,
    expiresAt,
    qrSvg: await QRCode.toString(token, { type: "svg", errorCorrectionLevel: "M" }),
  };
}

/**
 * The signed-in insured person's own e-voucher (网上服务): the same voucher as the counter's, for
 * the person of the session only (no psnNo is taken from the request), audited as the person.
 */
export async function issueOwnEVoucher(
  db: Db,
  box: SecretBox,
  c: Citizen,
  now: Date,
  requestId?: string,
): Promise<IssuedEVoucher> {
  if (c.kind !== "insured" || c.personId === null)
    throw new YibaoError("FORBIDDEN", "An e-voucher is for insured persons");
  return issueEVoucher(db, box, citizenActor(c.label, c.kind, requestId), c.label, now);
}

const CERT_NO = "input.data.mdtrt_cert_no";

/**
 * The person an e-voucher token stands for (1101 with mdtrt_cert_type 01). Refused by field: a
 * token that is not one, or whose signature is not ours (forged, altered), or that names no
 * voucher, NHSA_EVOUCHER_INVALID; one past its expiry, NHSA_EVOUCHER_EXPIRED, also when it was
 * used while it was valid (a token seen once cannot be replayed later).
 */
export async function personOfEVoucher(
  ex: Executor,
  box: SecretBox,
  token: string,
  now: Date,
): Promise<Selectable<PersonTable>> {
  const t = readToken(box.derive(PURPOSE), token);
  if (!t.ok)
    throw new YibaoError("NHSA_EVOUCHER_INVALID", `The e-voucher token is ${t.why}`, { field: CERT_NO });
  const expired = () =>
    new YibaoError("NHSA_EVOUCHER_EXPIRED", "The e-voucher token has expired: the patient shows a new one", {
      field: CERT_NO,
    });
  if (t.expiresAt <= now) throw expired();
  const used = await useEVoucher(ex, t.id, now);
  if (!used?.person)
    throw new YibaoError("NHSA_EVOUCHER_INVALID", "The e-voucher token names no voucher", { field: CERT_NO });
  if (used.expiresAt <= now) throw expired();
  return used.person;
}
