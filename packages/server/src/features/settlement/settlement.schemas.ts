import { AMOUNT_KEYS, SETLINFO_AMOUNT_FIELDS, type SetlinfoAmountField } from "@yibao/core/settlement";
import { type TString, Type } from "typebox";
import { Page, Timestamp, Yuan } from "../../http/answer-schemas.ts";
import { LISTED_AMOUNTS } from "./list.repository.ts";

/** What the settlement answers hold, for response schemas (REST and the NHSA envelope's documentation). */

const amounts = <K extends SetlinfoAmountField>(fields: readonly K[]) =>
  Object.fromEntries(fields.map((f) => [f, Yuan])) as Record<K, TString>;

const Text = Type.String();
const TextOrNull = Type.Union([Type.String(), Type.Null()]);
const Zero = Type.String({ description: "always 0.00: this fund does not exist in reference model v1" });

/** setlinfo of a settlement, pre-settlement or reversal (settle.service.ts settlementOutput). */
export const Setlinfo = Type.Object({
  mdtrt_id: Text,
  setl_id: Type.Union([Type.String(), Type.Null()], { description: "null for a pre-settlement" }),
  psn_no: Text,
  psn_name: Text,
  certno: Text,
  gend: Text,
  age: Type.String({ description: "whole years on the settlement day" }),
  insutype: Text,
  psn_type: Text,
  med_type: Text,
  setl_time: Type.String({ description: "yyyy-MM-dd HH:mm:ss, Beijing time" }),
  ...amounts(AMOUNT_KEYS.map((k) => SETLINFO_AMOUNT_FIELDS[k])),
  cvlserv_pay: Zero,
  hifes_pay: Zero,
  oth_pay: Zero,
  hosp_part_amt: Zero,
  acct_mulaid_pay: Zero,
  medins_setl_id: Type.Union([Type.String(), Type.Null()], { description: "the request's msgid" }),
  clr_optins: TextOrNull,
  clr_way: Text,
  clr_type: Text,
});

export const Setldetail = Type.Object({
  fund_pay_type: Text,
  fund_payamt: Yuan,
  fund_pay_type_name: Text,
});

/** The NHSA output of 2206/2207/2208 (and 2303-2305), and the answer of a manual reimbursement. */
export const SettlementOutput = Type.Object({ setlinfo: Setlinfo, setldetail: Type.Array(Setldetail) });

/** One row of GET /settlements. */
export const SettlementItem = Type.Object({
  setl_id: Text,
  kind: Type.Union([Type.Literal("settle"), Type.Literal("reverse")]),
  setl_time: Timestamp,
  mdtrt_id: Text,
  psn_no: Text,
  insutype: Text,
  med_type: Text,
  fixmedins_code: TextOrNull,
  ...amounts(LISTED_AMOUNTS.map((k) => SETLINFO_AMOUNT_FIELDS[k])),
});

export const SettlementPage = Page(SettlementItem);
