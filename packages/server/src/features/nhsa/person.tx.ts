import { beijingDay } from "@yibao/core/time";
import { fenToYuan } from "@yibao/core/money";
import { ageOn } from "@yibao/core/registry";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { queryRows, statement } from "../../db/statement.ts";
import type { Handler } from "./context.ts";
import { obj } from "./context.ts";
import { personByCredential } from "./person-lookup.ts";

const ASSISTANCE_IDET: Record<string, string> = { tk: "2301", db: "2302", jc: "2303" }; // psn_idet_type

type EnrolmentRow = [
  insutype: string,
  psn_type: string,
  status: string,
  start_date: string,
  end_date: string | null,
  region_code: string,
  emp_name: string | null,
];
type AssistanceRow = [category: string, valid_from: string, valid_to: string | null];

/**
 * A person's enrolments (with the employer's name), account balance and assistance categories in
 * one statement: three reads one after another were three round trips, and 1101 is in every
 * visit. json_agg writes dates as yyyy-MM-dd, as the date type parser reads them elsewhere.
 */
const COVERAGE = statement<{ personId: bigint }>(
  (p) => sql`select
      (select json_agg(json_build_array(e.insutype, e.psn_type, e.status, e.start_date, e.end_date,
               e.region_code, m.name) order by e.id)
       from enrolments e left join employers m on m.id = e.employer_id
       where e.person_id = ${p.personId}) as enrolments,
      (select a.balance from personal_accounts a where a.person_id = ${p.personId}) as balance,
      (select json_agg(json_build_array(c.category, c.valid_from, c.valid_to) order by c.valid_from)
       from assistance_categories c where c.person_id = ${p.personId}) as assistance`,
);

async function coverageOf(ex: Executor, personId: bigint) {
  const rows = await queryRows<{
    enrolments: EnrolmentRow[] | null;
    balance: bigint | null;
    assistance: AssistanceRow[] | null;
  }>(ex, COVERAGE({ personId }));
  const r = rows[0]!;
  return { enrolments: r.enrolments ?? [], balance: r.balance, assistance: r.assistance ?? [] };
}

/**
 * 1101 person lookup by a credential the patient presents: 02 ID card (the ID number), 03 social
 * security card (the card number, card_sn checked when sent), 01 e-voucher (refused until tokens
 * exist). Rate-limited per institution and recorded in the access log (person-lookup.ts).
 */
export const personInfo: Handler = async (ex, call) => {
  const d = obj(call.req.input.data, "data");
  const person = await personByCredential(ex, call, d);
  const today = beijingDay(call.now);
  const { enrolments, balance, assistance } = await coverageOf(ex, person.id);
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
    insuinfo: enrolments.map(([insutype, psn_type, status, start_date, end_date, region_code, emp_name]) => ({
      balc: insutype === "310" ? fenToYuan(balance ?? 0n) : "0.00",
      insutype,
      psn_type,
      psn_insu_stas: status === "active" ? "1" : status === "suspended" ? "2" : "4", // 1 参保缴费 2 暂停 4 终止
      psn_insu_date: start_date,
      paus_insu_date: end_date,
      cvlserv_flag: psn_type === "1102" || psn_type === "1202" ? "1" : "0",
      insuplc_admdvs: region_code,
      emp_name: emp_name ?? "",
    })),
    idetinfo: assistance.map(([category, valid_from, valid_to]) => ({
      psn_idet_type: ASSISTANCE_IDET[category],
      psn_type_lv: category,
      begntime: `${valid_from} 00:00:00`,
      endtime: valid_to ? `${valid_to} 23:59:59` : null,
    })),
  };
};
