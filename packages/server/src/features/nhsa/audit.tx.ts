import { type MedType, ONE_DAY, type Stage, type Visit, parseDay } from "@yibao/core/audit";
import { YibaoError, fieldError } from "@yibao/core/errors";
import { PRICE, QUANTITY, divRoundHalfUp } from "@yibao/core/money";
import { optionalAmountFen, scaledValue } from "@yibao/core/nhsa";
import { beijingDay, parseBeijingTime } from "@yibao/core/time";
import { feeLine } from "../supervision/audit-visit.ts";
import { publishedKnowledgeBase } from "../supervision/kb.service.ts";
import { type PromptEncounter, promptAudit } from "../supervision/prompt-audit.ts";
import { type Handler, list, obj, text } from "./context.ts";
import type { KnowledgeBase } from "@yibao/core/audit";
import type { Executor } from "../../db/database.ts";

/**
 * 3101 (事前提醒, before care) and 3102 (事中预警, during care): `data {patient_dtos[
 * fsi_encounter_dtos[ fsi_diagnose_dtos[], fsi_order_dtos[] ]], rule_ids, trig_scen}` answered
 * with `result[]` (prompt-audit.ts) from the published knowledge base. The institution is the
 * sender; its level and type come from the registry of institutions.
 */
const MED_TYPES_3101: ReadonlySet<string> = new Set(["11", "14", "21", "41", "51", "52"]);

const dayText = (v: unknown, field: string) => beijingDay(parseBeijingTime(v, field));

async function institutionOf(ex: Executor, code: string) {
  const i = await ex
    .selectFrom("institutions")
    .select(["level", "kind"])
    .where("code", "=", code)
    .executeTakeFirst();
  if (!i)
    throw new YibaoError("NHSA_INSTITUTION_UNKNOWN", `Institution ${code} is not registered`, {
      field: "fixmedins_code",
    });
  return { code, level: i.level, type: i.kind === "primary" ? ("clinic" as const) : i.kind };
}

type Person = Visit["person"];

function encounter(
  kb: KnowledgeBase,
  e: Record<string, unknown>,
  path: string,
  person: Person,
  institution: Visit["institution"],
): PromptEncounter & { id: string } {
  const id = text(e, "mdtrt_id", path);
  const medType = text(e, "med_type", path);
  if (!MED_TYPES_3101.has(medType))
    throw fieldError("FIELD_INVALID", `${path}.med_type`, `${path}.med_type is not audited`);
  const begndate = dayText(e.adm_date, `${path}.adm_date`);
  const orders = list(e.fsi_order_dtos, `${path.slice(6)}.fsi_order_dtos`);
  if (orders.length === 0) throw fieldError("FIELD_REQUIRED", `${path}.fsi_order_dtos`);
  const rxIds: string[] = [];
  const lines = orders.map((o, i) => {
    const p = `${path}.fsi_order_dtos.${i}`;
    const qty = scaledValue(o.cnt, `${p}.cnt`, QUANTITY);
    const price = scaledValue(o.pric, `${p}.pric`, PRICE);
    if (qty <= 0n) throw fieldError("FIELD_INVALID", `${p}.cnt`, `${p}.cnt must be positive`);
    const days = text(o, "medc_days", p, false);
    rxIds.push(text(o, "rx_id", p));
    return feeLine(
      kb,
      {
        id: String(i + 1),
        code: text(o, "hilist_code", p),
        date: o.drord_begn_date ? dayText(o.drord_begn_date, `${p}.drord_begn_date`) : begndate,
        qty,
        price,
        amount: optionalAmountFen(o.sumamt, `${p}.sumamt`) ?? divRoundHalfUp(qty * price, 100_000_000n),
      },
      null,
      /^\d{1,4}$/.test(days) && Number(days) > 0 ? Number(days) : null,
    );
  });
  const latest = lines.reduce((m, l) => (l.date > m ? l.date : m), begndate);
  const enddate = ONE_DAY.has(medType)
    ? begndate
    : e.dscg_date
      ? dayText(e.dscg_date, `${path}.dscg_date`)
      : latest;
  if (enddate < begndate) throw fieldError("DATE_INVALID", `${path}.dscg_date`, "discharge before admission");
  const diagnoses =
    e.fsi_diagnose_dtos === undefined ? [] : list(e.fsi_diagnose_dtos, `${path.slice(6)}.fsi_diagnose_dtos`);
  const dx = [...diagnoses]
    .sort((a, b) => (a.maindise_flag === "1" ? 0 : 1) - (b.maindise_flag === "1" ? 0 : 1))
    .map((d, i) => text(d, "dise_codg", `${path}.fsi_diagnose_dtos.${i}`));
  const visit: Visit = {
    id,
    person: { ...person, insutype: text(e, "insutype", path) },
    institution,
    medType: medType as MedType,
    dept: text(e, "adm_dept_codg", path, false),
    doctor: text(e, "dr_codg", path, false),
    begndate,
    enddate,
    beg: parseDay(begndate)!,
    end: parseDay(enddate)!,
    diagnoses: dx,
    lines,
  };
  return { id, visit, current: true, rxIds };
}

function patient(
  kb: KnowledgeBase,
  p: Record<string, unknown>,
  i: number,
  institution: Visit["institution"],
) {
  const path = `input.data.patient_dtos.${i}`;
  const gend = text(p, "gend", path);
  if (gend !== "1" && gend !== "2")
    throw fieldError("FIELD_INVALID", `${path}.gend`, `${path}.gend is 1 or 2`);
  const person: Person = {
    psnNo: text(p, "patn_id", path),
    gend,
    brdy: dayText(p.brdy, `${path}.brdy`),
    insutype: "",
    psnType: text(p, "psn_type", path, false),
  };
  const current = text(p, "curr_mdtrt_id", path, false);
  const encounters = list(p.fsi_encounter_dtos, `data.patient_dtos.${i}.fsi_encounter_dtos`).map((e, j) =>
    encounter(kb, e, `${path}.fsi_encounter_dtos.${j}`, person, institution),
  );
  if (encounters.length === 0) throw fieldError("FIELD_REQUIRED", `${path}.fsi_encounter_dtos`);
  for (const e of encounters) e.current = current === "" || e.id === current;
  return encounters;
}

const auditAt =
  (stage: Stage): Handler =>
  async (ex, call) => {
    const d = obj(call.req.input.data, "data");
    const { kb } = await publishedKnowledgeBase(ex);
    const institution = await institutionOf(ex, call.fixmedins);
    const patients = list(d.patient_dtos, "data.patient_dtos").map((p, i) => patient(kb, p, i, institution));
    const ruleIds =
      d.rule_ids === undefined || d.rule_ids === null || d.rule_ids === ""
        ? null
        : new Set(
            (Array.isArray(d.rule_ids) ? d.rule_ids : String(d.rule_ids).split(",")).map((r) =>
              String(r).trim(),
            ),
          );
    return { result: promptAudit(kb, stage, patients, ruleIds) };
  };

/** 3101 事前提醒: reminders before a prescription or an order. */
export const preEventAudit = auditAt("before");
/** 3102 事中预警: warnings while the visit is charged. */
export const inEventAudit = auditAt("during");
