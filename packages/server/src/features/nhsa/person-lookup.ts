import { YibaoError, fieldError, isYibaoError } from "@yibao/core/errors";
import { parseCardNo, parseCardSn, parseCertno } from "@yibao/core/registry";
import type { Selectable } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { AccessResult } from "../platform/access-log.table.ts";
import { recordPersonAccess } from "../platform/access-log.ts";
import type { PersonTable } from "../registry/registry.table.ts";
import type { NhsaCall } from "./context.ts";
import { text } from "./context.ts";
import { personOfEVoucher } from "../evoucher/evoucher.service.ts";

type Person = Selectable<PersonTable>;
const CERT_NO = "input.data.mdtrt_cert_no";

/** E-voucher (医保电子凭证, mdtrt_cert_type 01): a signed, short-lived token (features/evoucher). */
export function resolveEVoucherToken(ex: Executor, token: string, call: NhsaCall): Promise<Person> {
  return personOfEVoucher(ex, call.deps.gateway.secrets, token, call.now);
}

const notFound = () =>
  new YibaoError("NHSA_PERSON_NOT_FOUND", "No insured person for this credential", { field: CERT_NO });

const rateLimited = (waitMs: number) =>
  new YibaoError("NHSA_RATE_LIMITED", "Too many person lookups from this institution", {
    retryAfter: Math.ceil(waitMs / 1000),
  });

/** ID card (02): the 18-character ID number, check digit verified before any lookup. */
async function byIdCard(ex: Executor, no: string) {
  const { certno } = parseCertno(no, CERT_NO);
  return ex.selectFrom("persons").selectAll().where("certno", "=", certno).executeTakeFirst();
}

/** Social security card (03): the card number; card_sn, when sent and on record, must match too. */
async function bySocialSecurityCard(ex: Executor, no: string, cardSn: string) {
  const cardNo = parseCardNo(no, CERT_NO);
  const sn = cardSn ? parseCardSn(cardSn, "input.data.card_sn") : null;
  const p = await ex.selectFrom("persons").selectAll().where("card_no", "=", cardNo).executeTakeFirst();
  if (p && sn !== null && p.card_sn !== null && p.card_sn !== sn) return undefined; // same answer as no card
  return p;
}

function resultOf(err: unknown): AccessResult {
  if (!isYibaoError(err)) return "invalid";
  if (err.code === "NHSA_PERSON_NOT_FOUND") return "not_found";
  if (err.code === "NHSA_RATE_LIMITED") return "rate_limited";
  return "invalid";
}

/**
 * 1101: the person a credential the patient presents stands for (never a person number alone).
 * Per institution, lookups and misses are rate-limited (lookup-limits.ts); every lookup that
 * reaches here is recorded in the access log with its outcome. Wrong and unknown credentials get
 * one answer, NHSA_PERSON_NOT_FOUND, whichever part was wrong; a credential that cannot be one
 * (bad check digit, not a card number) is refused as such, which tells nothing about persons.
 */
export async function personByCredential(
  ex: Executor,
  call: NhsaCall,
  d: Record<string, unknown>,
): Promise<Person> {
  const certType = String(d.mdtrt_cert_type ?? "");
  const given =
    text(d, "mdtrt_cert_no", "input.data", false) || (certType === "02" ? String(d.certno ?? "") : "");
  // ID and card numbers are read in capitals; an e-voucher token is case-sensitive.
  const no = certType === "01" ? given.trim() : given.trim().toUpperCase();
  const limits = call.deps.gateway.limits;
  const t = call.now.getTime();
  const log = (result: AccessResult, personId: bigint | null) =>
    recordPersonAccess(ex, {
      at: call.now,
      channel: "nhsa",
      fixmedinsCode: call.fixmedins,
      personId,
      credentialType: certType,
      credential: no,
      result,
      requestId: call.req.msgid,
    });
  let person: Person | undefined;
  try {
    const wait = Math.max(limits.misses.waitMs(call.fixmedins, t), limits.lookups.take(call.fixmedins, t));
    if (wait > 0) throw rateLimited(wait);
    if (no === "") throw fieldError("FIELD_REQUIRED", CERT_NO, `${CERT_NO} is required`);
    person = await byCredential(ex, call, certType, no, String(d.card_sn ?? "").trim());
    if (!person) throw notFound();
  } catch (err) {
    const result = resultOf(err);
    if (result === "not_found" || result === "invalid") limits.misses.take(call.fixmedins, t);
    await log(result, null);
    throw err;
  }
  await log("found", person.id);
  return person;
}

async function byCredential(ex: Executor, call: NhsaCall, certType: string, no: string, cardSn: string) {
  switch (certType) {
    case "01":
      return resolveEVoucherToken(ex, no, call);
    case "02":
      return byIdCard(ex, no);
    case "03":
      return bySocialSecurityCard(ex, no, cardSn);
    default:
      throw new YibaoError("NHSA_CERT_TYPE_UNSUPPORTED", `mdtrt_cert_type ${certType.slice(0, 8)}`, {
        field: "input.data.mdtrt_cert_type",
      });
  }
}
