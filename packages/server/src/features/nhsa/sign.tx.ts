import { randomBytes } from "node:crypto";
import { fieldError } from "@yibao/core/errors";
import { displayTime } from "@yibao/core/time";
import type { Handler } from "./context.ts";
import { obj, text } from "./context.ts";

/** 9001 sign in: issues the sign_no the HIS sends in later envelopes. */
export const signIn: Handler = async (ex, call) => {
  const s = obj(call.req.input.signIn ?? call.req.input.signin ?? {}, "signIn");
  const signNo = randomBytes(12).toString("hex");
  await ex
    .insertInto("nhsa_sign_ins")
    .values({
      sign_no: signNo,
      fixmedins_code: call.fixmedins,
      opter_no: s.opter_no ? String(s.opter_no) : null,
      mac: s.mac ? String(s.mac) : null,
      ip: s.ip ? String(s.ip) : null,
      sign_time: call.now,
      sign_out_time: null,
    })
    .execute();
  return { signinoutb: { sign_no: signNo, sign_time: displayTime(call.now) } };
};

/**
 * 9002 sign out (签退). Clients send the sign-in number in `input.signOut` (or `data`), some only
 * in the envelope's sign_no, some not at all: it is not required. When sent it must be one of
 * this institution's sign-ins, which is then marked signed out; signing out twice is harmless.
 */
export const signOut: Handler = async (ex, call) => {
  const input = call.req.input;
  const key = ["signOut", "signout", "data"].find((k) => input[k] !== undefined && input[k] !== null);
  const s = key ? obj(input[key], key) : {};
  const sent = key ? text(s, "sign_no", `input.${key}`, false) : "";
  const signNo = sent || String(call.req.sign_no ?? "");
  if (signNo) {
    const r = await ex
      .updateTable("nhsa_sign_ins")
      .set({ sign_out_time: call.now })
      .where("sign_no", "=", signNo)
      .where("fixmedins_code", "=", call.fixmedins)
      .executeTakeFirst();
    const field = sent ? `input.${key}.sign_no` : "sign_no";
    if (r.numUpdatedRows === 0n)
      throw fieldError("FIELD_INVALID", field, "No sign-in of this institution has this sign_no");
  }
  return { signoutoutb: { sign_time: displayTime(call.now), sign_no: signNo || null } };
};
