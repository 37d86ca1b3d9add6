import { Type } from "typebox";
import { AnyJson, Nullable } from "../../http/schemas.ts";

/**
 * The answer of every NHSA transaction (gateway.ts envelopeHead, handleNhsa, nhsaFailure): always
 * HTTP 200, success or refusal told by infcode. The gateway sends the envelope as JSON text it
 * wrote itself (a stored answer is spliced in as it was stored): Fastify sends a string as it is,
 * so this schema documents the answer and never serialises it; hence the type says string.
 */
const Envelope = Type.Object(
  {
    infcode: Type.Integer({ description: "0 success, -1 refused" }),
    inf_refmsgid: Type.String({ description: "30 digits: region, time, serial" }),
    refmsg_time: Type.String({ description: "yyyyMMddHHmmssSSS, Beijing time, of the request" }),
    respond_time: Type.String({ description: "yyyyMMddHHmmssSSS, Beijing time, of the answer" }),
    err_msg: Nullable(Type.String({ description: "[CODE] message when infcode is -1 (docs/errors.md)" })),
    warn_msg: Nullable(Type.String({ description: "e.g. a replayed msgid" })),
    cainfo: Type.Null(),
    signtype: Type.Null(),
    enctype: Type.Null(),
    output: AnyJson, // the transaction's output (docs/nhsa.md); null on a refusal
    details: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: "a refusal's details, masked" }),
    ),
  },
  { description: "the NHSA response envelope" },
);

export const NhsaEnvelope = Type.Unsafe<string>(Envelope);
