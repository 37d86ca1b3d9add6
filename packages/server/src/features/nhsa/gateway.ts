import { YibaoError, fieldError } from "@yibao/core/errors";
import { type NhsaRequest, numbersOnWire, refMsgId, validateEnvelope } from "@yibao/core/nhsa";
import { provinceOf, unknownDivisionPart } from "@yibao/core/regions";
import { compactTime } from "@yibao/core/time";
import { maskStrings, nhsaErrorFields, toYibaoError } from "../../errors/http-errors.ts";
import type { AppDeps } from "../../http/context.ts";
import { once, oncePlanned } from "../../idempotency/idempotency.ts";
import type { NhsaCall } from "./context.ts";
import { divisionsByCode } from "../regions/divisions.ts";
import { authenticate } from "./gateway-auth.ts";
import { applyNationalCrypto, sealedInput, sm4Encrypt } from "./national-crypto.ts";
import { TRANSACTIONS } from "./transactions.ts";

let serial = 0;

/**
 * The envelope's region codes must be divisions of the national list (its province, and its
 * prefecture for a code below one): an unknown one is refused by field. A listed division that
 * this deployment does not host passes: who pays is the person's enrolment, not the envelope
 * (docs/regions.md "National division list").
 */
function checkDivisions(req: NhsaRequest) {
  for (const field of ["mdtrtarea_admvs", "insuplc_admdvs"] as const) {
    const code = req[field] === undefined || req[field] === null ? "" : String(req[field]);
    if (code === "") continue;
    const unknown = unknownDivisionPart(code, divisionsByCode());
    if (unknown)
      throw fieldError(
        "NHSA_ADMDVS_UNKNOWN",
        field,
        `${field} ${code}: ${unknown === "province" ? `province ${provinceOf(code)}` : `prefecture ${code.slice(0, 4)}00`} is not in the national division list`,
        { unknown },
      );
  }
}

/** What the gateway logs with: the request's logger (its lines carry the request id). */
export interface GatewayLog {
  error(obj: object, msg: string): void;
}

/** The envelope's head: inf_refmsgid is 30 digits whatever the sender's mdtrtarea_admvs holds. */
function envelopeHead(deps: AppDeps, body: unknown, now: Date, warn = "") {
  const region =
    body !== null && typeof body === "object" ? (body as Record<string, unknown>).mdtrtarea_admvs : null;
  return {
    infcode: 0,
    inf_refmsgid: refMsgId(region, now, ++serial),
    refmsg_time: compactTime(now, true),
    respond_time: compactTime(deps.now(), true),
    err_msg: null as string | null,
    warn_msg: warn || null,
    cainfo: null,
    signtype: null,
    enctype: null,
  };
}

/**
 * The failure envelope for anything thrown (business refusals, Fastify's own refusals of the body,
 * internal errors): infcode -1 and "[CODE] message" in err_msg. An internal error is logged (masked,
 * with the request id) and its answer carries the request id, which finds the log line.
 */
export function nhsaFailure(
  deps: AppDeps,
  body: unknown,
  err: unknown,
  log?: GatewayLog,
  requestId?: string,
) {
  // The route's schema only asks for a JSON object: its refusal is an envelope error.
  const e = (err as { validation?: unknown }).validation
    ? fieldError("NHSA_ENVELOPE_INVALID", "body", "the request body must be a JSON object")
    : toYibaoError(err);
  if (e.code === "INTERNAL") log?.error({ err }, "internal error in an NHSA transaction");
  const details = e.code === "INTERNAL" && requestId ? { ...e.details, requestId } : e.details;
  return JSON.stringify({
    ...envelopeHead(deps, body, deps.now()),
    output: null,
    ...nhsaErrorFields(e),
    details: maskStrings(details),
  });
}

/**
 * Handles one NHSA message: envelope, authentication, dispatch by infno, idempotency by msgid
 * (scope: the sending institution), and the response envelope (as JSON text). Business errors are
 * infcode -1.
 */
export async function handleNhsa(
  deps: AppDeps,
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
  expectedInfno?: string,
  log?: GatewayLog,
  requestId?: string,
) {
  const now = deps.now();
  let sm4Key: string | undefined;
  // The answer: the head, then the output's JSON text (already serialised for a stored answer),
  // numeric fields as numbers (core/nhsa/wire.ts), encrypted when the request was (SM4).
  const answer = (outputJson: string, warn = "") => {
    const head = envelopeHead(deps, body, now, warn);
    const output = numbersOnWire(outputJson);
    if (!sm4Key) return `${JSON.stringify(head).slice(0, -1)},"output":${output}}`;
    return JSON.stringify({ ...head, enctype: "SM4", output: sm4Encrypt(output, sm4Key) });
  };
  const replayed = "msgid replayed: the first answer is returned";
  try {
    const sealed = sealedInput(body);
    const plain = validateEnvelope(sealed === undefined ? body : { ...(body as object), input: {} });
    if (expectedInfno !== undefined && plain.infno !== expectedInfno)
      throw fieldError(
        "NHSA_ENVELOPE_INVALID",
        "infno",
        /^\d{4}$/.test(expectedInfno)
          ? `this path serves infno ${expectedInfno}`
          : "the path's infno is not a transaction number",
      );
    const tx = TRANSACTIONS[plain.infno];
    if (!tx)
      throw new YibaoError("NHSA_INFNO_UNSUPPORTED", `infno ${plain.infno} is not supported`, {
        field: "infno",
      });
    checkDivisions(plain);
    const inst = await authenticate(deps, plain, headers, now);
    const crypto = applyNationalCrypto(
      deps.gateway.secrets,
      inst,
      body as Record<string, unknown>,
      plain,
      sealed,
    );
    const req = crypto.req;
    sm4Key = crypto.sm4Key;
    const call: NhsaCall = { req, fixmedins: req.fixmedins_code, now, deps };
    const scope = `nhsa:${req.fixmedins_code}`;
    const content = { infno: req.infno, input: req.input };
    if ("plan" in tx) {
      const done = await oncePlanned(deps.db, scope, req.msgid, content, () => tx.plan(deps.db, call));
      if (done.replayed) return answer(done.bodyJson ?? JSON.stringify(done.body), replayed);
      return answer(done.bodyJson ?? JSON.stringify(done.body), call.warn);
    }
    if (!tx.writes) {
      const output = JSON.stringify(await tx.handler(deps.db, call));
      return answer(output, call.warn);
    }
    const done = await once(deps.db, scope, req.msgid, content, async (trx) => ({
      body: await tx.handler(trx, call),
    }));
    return answer(done.bodyJson ?? JSON.stringify(done.body), done.replayed ? replayed : "");
  } catch (err) {
    return nhsaFailure(deps, body, err, log, requestId);
  }
}
