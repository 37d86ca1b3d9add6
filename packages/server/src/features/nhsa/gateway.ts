import { YibaoError, fieldError } from "@yibao/core/errors";
import { compactTime, refMsgId, validateEnvelope } from "@yibao/core/nhsa";
import { maskText } from "@yibao/core/pii";
import { nhsaErrorFields, toYibaoError } from "../../errors/http-errors.ts";
import type { AppDeps } from "../../http/context.ts";
import { once, oncePlanned } from "../../idempotency/idempotency.ts";
import type { NhsaCall } from "./context.ts";
import { authenticate } from "./gateway-auth.ts";
import { TRANSACTIONS } from "./transactions.ts";

let serial = 0;

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
) {
  const now = deps.now();
  const region = (body as { mdtrtarea_admvs?: string } | null)?.mdtrtarea_admvs ?? "000000";
  const head = (warn = "") => ({
    infcode: 0,
    inf_refmsgid: refMsgId(String(region), now, ++serial),
    refmsg_time: compactTime(now, true),
    respond_time: compactTime(deps.now(), true),
    err_msg: null as string | null,
    warn_msg: warn || null,
    cainfo: null,
    signtype: null,
    enctype: null,
  });
  const envelope = (output: unknown, warn = "") => JSON.stringify({ ...head(warn), output });
  try {
    const req = validateEnvelope(body);
    if (expectedInfno && req.infno !== expectedInfno)
      throw fieldError("NHSA_ENVELOPE_INVALID", "infno", `this path serves infno ${expectedInfno}`);
    const tx = TRANSACTIONS[req.infno];
    if (!tx)
      throw new YibaoError("NHSA_INFNO_UNSUPPORTED", `infno ${req.infno} is not supported`, {
        field: "infno",
      });
    await authenticate(deps, req, headers, now);
    const call: NhsaCall = { req, fixmedins: req.fixmedins_code, now, deps };
    const scope = `nhsa:${req.fixmedins_code}`;
    const content = { infno: req.infno, input: req.input };
    if ("plan" in tx) {
      const answer = await oncePlanned(deps.db, scope, req.msgid, content, () => tx.plan(deps.db, call));
      if (answer.replayed) return envelope(answer.body, "msgid replayed: the first answer is returned");
      // The output was serialised once already, for the stored answer: spliced in, not serialised again.
      const text = JSON.stringify(head());
      return `${text.slice(0, -1)},"output":${answer.bodyJson}}`;
    }
    if (!tx.writes) return envelope(await tx.handler(deps.db, call));
    const answer = await once(deps.db, scope, req.msgid, content, async (trx) => ({
      body: await tx.handler(trx, call),
    }));
    return envelope(answer.body, answer.replayed ? "msgid replayed: the first answer is returned" : "");
  } catch (err) {
    const e = toYibaoError(err);
    return JSON.stringify({
      ...head(),
      output: null,
      ...nhsaErrorFields(e),
      err_msg: maskText(nhsaErrorFields(e).err_msg),
      details: e.details,
    });
  }
}
