import { beijingDay } from "@yibao/core/time";
import { fenToYuan } from "@yibao/core/money";
import { ageOn } from "@yibao/core/registry";
import type { Handler } from "./context.ts";
import { obj } from "./context.ts";
import { personByCredential } from "./person-lookup.ts";

const ASSISTANCE_IDET: Record<string, string> = { tk: "2301", db: "2302", jc: "2303" }; // psn_idet_type

/**
 * 1101 person lookup by a credential the patient presents: 02 ID card (the ID number), 03 social
 * security card (the card number, card_sn checked when sent), 01 e-voucher (refused until tokens
 * exist). Rate-limited per institution and recorded in the access log (person-lookup.ts).
 */
export const personInfo: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const person = await personByCredential(ex, call, d);
  const today = beijingDay(call.now);
  const enrolments = await ex
    .selectFrom("enrolments")
    .leftJoin("employers", "employers.id", "enrolments.employer_id")
    .select([
      "enrolments.insutype",
      "enrolments.psn_type",
      "enrolments.status",
      "enrolments.start_date",
      "enrolments.end_date",
      "enrolments.region_code",
      "employers.name as emp_name",
    ])
    .where("person_id", "=", person.id)
    .orderBy("enrolments.id")
    .execute();
  const account = await ex
    .selectFrom("personal_accounts")
    .select("balance")
    .where("person_id", "=", person.id)
    .executeTakeFirst();
  const assistance = await ex
    .selectFrom("assistance_categories")
    .selectAll()
    .where("person_id", "=", person.id)
    .orderBy("valid_from")
    .execute();
  return {
    baseinfo: {
      psn_no: person.psn_no,
      psn_cert_type: "01",
      certno: person.certno,
      psn_name: person.name,
      gend: person.gender,
      naty: "01",
      brdy: person.birth_date,
      age: ageOn(person.birth_date, today),
    },
    insuinfo: enrolments.map((e) => ({
      balc: e.insutype === "310" ? fenToYuan(account?.balance ?? 0n) : "0.00",
      insutype: e.insutype,
      psn_type: e.psn_type,
      psn_insu_stas: e.status === "active" ? "1" : e.status === "suspended" ? "2" : "4", // 1 参保缴费 2 暂停 4 终止
      psn_insu_date: e.start_date,
      paus_insu_date: e.end_date,
      cvlserv_flag: e.psn_type === "1102" || e.psn_type === "1202" ? "1" : "0",
      insuplc_admdvs: e.region_code,
      emp_name: e.emp_name ?? "",
    })),
    idetinfo: assistance.map((a) => ({
      psn_idet_type: ASSISTANCE_IDET[a.category],
      psn_type_lv: a.category,
      begntime: `${a.valid_from} 00:00:00`,
      endtime: a.valid_to ? `${a.valid_to} 23:59:59` : null,
    })),
  };
};
