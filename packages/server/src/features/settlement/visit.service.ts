import { classifyLine } from "@yibao/core/catalogue";
import { YibaoError, fieldError } from "@yibao/core/errors";
import { mulToFen, parseRatio, parseScaled } from "@yibao/core/money";
import { ageOn } from "@yibao/core/registry";
import { type FeeLine, priceLine } from "@yibao/core/settlement";
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { findEntriesInForce } from "../catalogue/catalogue.repository.ts";

export const dateOf = (d: Date) => d.toISOString().slice(0, 10);
export const isInpatient = (medType: string) => medType.startsWith("2") || medType === "52";

export interface NewVisit {
  psnNo: string;
  insutype: string;
  medType: string;
  institutionCode: string | null; // null: manual reimbursement (零星报销) of an out-of-network bill
  level?: "1" | "2" | "3"; // required when institutionCode is null
  begntime: Date;
  iptOtpNo?: string | null;
  diseCodg?: string | null;
}

/** Opens a visit (挂号/入院): the person must hold a live enrolment whose benefits have started. */
export async function registerVisit(ex: Executor, v: NewVisit) {
  const person = await ex
    .selectFrom("persons")
    .select(["id", "psn_no"])
    .where("psn_no", "=", v.psnNo)
    .executeTakeFirst();
  if (!person) throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${v.psnNo}`, { field: "psn_no" });
  const enrolment = await ex
    .selectFrom("enrolments")
    .select(["id", "status", "benefit_start_date"])
    .where("person_id", "=", person.id)
    .where("insutype", "=", v.insutype)
    .where("status", "<>", "terminated")
    .executeTakeFirst();
  if (enrolment?.status !== "active") {
    throw new YibaoError("SETL_NOT_INSURED", `Person ${v.psnNo} has no active enrolment in ${v.insutype}`, {
      field: "insutype",
    });
  }
  const day = dateOf(v.begntime);
  if (!enrolment.benefit_start_date || enrolment.benefit_start_date > day) {
    throw new YibaoError(
      "SETL_WAITING_PERIOD",
      `Benefits of ${v.psnNo} start ${enrolment.benefit_start_date ?? "after payment"}`,
      {
        field: "psn_no",
        benefitStartDate: enrolment.benefit_start_date,
      },
    );
  }
  let level = v.level;
  if (v.institutionCode !== null) {
    const inst = await ex
      .selectFrom("institutions")
      .select(["level", "active", "agreement_from", "agreement_to"])
      .where("code", "=", v.institutionCode)
      .executeTakeFirst();
    if (
      !inst?.active ||
      inst.agreement_from > day ||
      (inst.agreement_to !== null && inst.agreement_to < day)
    ) {
      throw new YibaoError(
        "SETL_INSTITUTION_UNKNOWN",
        `Institution ${v.institutionCode} has no agreement in force`,
        { field: "fixmedins_code" },
      );
    }
    level = inst.level;
  }
  if (!level) throw fieldError("FIELD_REQUIRED", "level");
  const { rows } = await sql<{ id: string }>`select nextval('visits_id_seq') as id`.execute(ex);
  const id = BigInt(rows[0]!.id);
  return ex
    .insertInto("visits")
    .values({
      id,
      mdtrt_id: `M${String(id).padStart(12, "0")}`,
      person_id: person.id,
      enrolment_id: enrolment.id,
      insutype: v.insutype,
      med_type: v.medType,
      institution_code: v.institutionCode,
      level,
      begntime: v.begntime,
      ipt_otp_no: v.iptOtpNo ?? null,
      dise_codg: v.diseCodg ?? null,
      status: "open",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findVisit(ex: Executor, mdtrtId: string, lock = false) {
  let q = ex.selectFrom("visits").selectAll().where("mdtrt_id", "=", mdtrtId);
  if (lock) q = q.forUpdate();
  const v = await q.executeTakeFirst();
  if (!v) throw new YibaoError("SETL_VISIT_UNKNOWN", `No visit ${mdtrtId}`, { field: "mdtrt_id" });
  return v;
}

/** A fee line as uploaded (2204/2301). Class etc. come from the catalogue unless given explicitly. */
export interface FeeLineInput {
  feedetlSn: string;
  code: string;
  name?: string;
  pric: string; // up to 6 decimals
  cnt: string; // up to 4 decimals; negative for a refund of initFeedetlSn
  feeTime: Date;
  initFeedetlSn?: string | null;
  catalogClass?: "A" | "B" | "C";
  priceCap?: string | null;
  selfPayFirstRatio?: string | null;
}

/** Uploads fee lines to an open visit; returns each line's split (NHSA 2204 result). */
export async function uploadFeeLines(ex: Executor, mdtrtId: string, lines: FeeLineInput[]) {
  const visit = await findVisit(ex, mdtrtId, true);
  if (visit.status !== "open" && visit.status !== "discharged") {
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${mdtrtId} is ${visit.status}`, { field: "mdtrt_id" });
  }
  const person = await ex
    .selectFrom("persons")
    .select(["gender", "birth_date"])
    .where("id", "=", visit.person_id)
    .executeTakeFirstOrThrow();
  const existing = await ex
    .selectFrom("fee_lines")
    .selectAll()
    .where("visit_id", "=", visit.id)
    .where("cancelled", "=", false)
    .execute();
  const bySn = new Map(existing.map((l) => [l.feedetl_sn, l]));
  const catalogue = await findEntriesInForce(
    ex,
    lines.filter((l) => !l.catalogClass && !l.initFeedetlSn).map((l) => l.code),
    dateOf(visit.begntime),
  );
  const sameDay = new Map<string, bigint>();
  for (const l of existing)
    sameDay.set(
      `${l.code}|${dateOf(l.fee_time)}`,
      (sameDay.get(`${l.code}|${dateOf(l.fee_time)}`) ?? 0n) + l.quantity,
    );

  const rows = lines.map((l, i) => {
    const f = `feedetail.${i}`;
    if (bySn.has(l.feedetlSn))
      throw new YibaoError("SETL_FEE_LINE_DUPLICATE", `Line ${l.feedetlSn} exists`, {
        field: `${f}.feedetl_sn`,
      });
    const price = parseScaled(l.pric, 6, `${f}.pric`);
    if (price < 0n) throw fieldError("AMOUNT_NEGATIVE", `${f}.pric`);
    const quantity = parseScaled(l.cnt, 4, `${f}.cnt`);
    let cls: {
      catalogClass: "A" | "B" | "C";
      chrgitmType: string | null;
      priceCap: bigint | null;
      selfPayFirstRatio: bigint | null;
      restrictedReason: string | null;
    };
    if (l.initFeedetlSn) {
      const orig = bySn.get(l.initFeedetlSn);
      if (!orig || quantity >= 0n)
        throw new YibaoError("SETL_FEE_LINE_UNKNOWN", `Refund of unknown line ${l.initFeedetlSn}`, {
          field: `${f}.init_feedetl_sn`,
        });
      cls = {
        catalogClass: orig.class,
        chrgitmType: orig.chrgitm_type,
        priceCap: orig.price_cap,
        selfPayFirstRatio: orig.self_pay_ratio === null ? null : BigInt(orig.self_pay_ratio),
        restrictedReason: orig.restricted_reason,
      };
    } else if (l.catalogClass) {
      cls = {
        catalogClass: l.catalogClass,
        chrgitmType: null,
        priceCap: l.priceCap ? parseScaled(l.priceCap, 6, `${f}.priceCap`) : null,
        selfPayFirstRatio: l.selfPayFirstRatio
          ? parseRatio(l.selfPayFirstRatio, `${f}.selfPayFirstRatio`)
          : null,
        restrictedReason: null,
      };
    } else {
      const key = `${l.code}|${dateOf(l.feeTime)}`;
      sameDay.set(key, (sameDay.get(key) ?? 0n) + quantity);
      cls = classifyLine(catalogue.get(l.code) ?? null, {
        gender: person.gender,
        age: ageOn(person.birth_date, dateOf(visit.begntime)),
        level: visit.level,
        setting: isInpatient(visit.med_type) ? "inpatient" : "outpatient",
        quantitySameDay: sameDay.get(key)!,
      });
    }
    return {
      visit_id: visit.id,
      feedetl_sn: l.feedetlSn,
      init_feedetl_sn: l.initFeedetlSn ?? null,
      code: l.code,
      name: l.name ?? catalogue.get(l.code)?.name ?? null,
      class: cls.catalogClass,
      chrgitm_type: cls.chrgitmType,
      price,
      quantity,
      price_cap: cls.priceCap,
      self_pay_ratio: cls.selfPayFirstRatio === null ? null : Number(cls.selfPayFirstRatio),
      amount: mulToFen(price, 6, quantity, 4),
      fee_time: l.feeTime,
      restricted_reason: cls.restrictedReason,
    };
  });
  if (rows.length > 0) await ex.insertInto("fee_lines").values(rows).execute();
  return rows.map((r) => ({ row: r, split: priceLine(toEngineLine(r)) }));
}

export function toEngineLine(r: {
  code: string;
  class: "A" | "B" | "C";
  price: bigint;
  quantity: bigint;
  price_cap: bigint | null;
  self_pay_ratio: number | null;
}): FeeLine {
  return {
    code: r.code,
    catalogClass: r.class,
    price: r.price,
    quantity: r.quantity,
    priceCap: r.price_cap,
    selfPayFirstRatio: r.self_pay_ratio === null ? null : BigInt(r.self_pay_ratio),
  };
}

/** Cancels uploaded lines (2205/2302): all of the visit's, or the listed ones. */
export async function cancelFeeLines(ex: Executor, mdtrtId: string, feedetlSns?: string[]) {
  const visit = await findVisit(ex, mdtrtId, true);
  if (visit.status === "settled" || visit.status === "cancelled") {
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${mdtrtId} is ${visit.status}`, { field: "mdtrt_id" });
  }
  let q = ex.updateTable("fee_lines").set({ cancelled: true }).where("visit_id", "=", visit.id);
  if (feedetlSns && feedetlSns.length > 0) q = q.where("feedetl_sn", "in", feedetlSns);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0n);
}

/** Discharge (出院, 2402): records the end time and the discharge diagnosis. */
export async function dischargeVisit(ex: Executor, mdtrtId: string, endtime: Date, diseCodg: string | null) {
  const visit = await findVisit(ex, mdtrtId, true);
  if (visit.status !== "open")
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${mdtrtId} is ${visit.status}`, { field: "mdtrt_id" });
  await ex
    .updateTable("visits")
    .set({ status: "discharged", endtime, dise_codg: diseCodg ?? visit.dise_codg })
    .where("id", "=", visit.id)
    .execute();
}

/** Cancels a visit with no settlement (2202 / 2404); cancelling a discharge (2405) reopens it. */
export async function cancelVisit(ex: Executor, mdtrtId: string) {
  const visit = await findVisit(ex, mdtrtId, true);
  if (visit.status === "settled")
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${mdtrtId} is settled; reverse it first`, {
      field: "mdtrt_id",
    });
  await ex.updateTable("visits").set({ status: "cancelled" }).where("id", "=", visit.id).execute();
}

export async function undoDischarge(ex: Executor, mdtrtId: string) {
  const visit = await findVisit(ex, mdtrtId, true);
  if (visit.status !== "discharged")
    throw new YibaoError("SETL_VISIT_STATE", `Visit ${mdtrtId} is ${visit.status}`, { field: "mdtrt_id" });
  await ex.updateTable("visits").set({ status: "open", endtime: null }).where("id", "=", visit.id).execute();
}
