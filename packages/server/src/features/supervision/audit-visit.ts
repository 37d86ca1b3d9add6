import {
  type FeeLine,
  type InstitutionType,
  type KnowledgeBase,
  type LineKind,
  MED_TYPES,
  type MedType,
  ONE_DAY,
  type Visit,
  parseDay,
} from "@yibao/core/audit";
import { fenToYuan, formatScaled } from "@yibao/core/money";
import { beijingDay } from "@yibao/core/time";
import type { FeeLineRow, VisitRow } from "./visit-source.repository.ts";

/**
 * Settled visits of the database as the audit engine reads them (AUDIT-CONTRACT section 2). The
 * database keeps no department, doctor or days of supply, so those are "" / absent and the rules
 * that need them stay silent; med_types the contract does not know are mapped to their family
 * (12/13/15/16 outpatient -> 11, 22 trauma inpatient -> 21), others are not audited.
 */
const MED_TYPE_FAMILY: Record<string, MedType> = {
  "12": "11",
  "13": "11",
  "15": "11",
  "16": "11",
  "22": "21",
};

export function auditMedType(medType: string): MedType | null {
  if ((MED_TYPES as readonly string[]).includes(medType)) return medType as MedType;
  return MED_TYPE_FAMILY[medType] ?? null;
}

const INSTITUTION_TYPES: Record<VisitRow["institution_kind"], InstitutionType> = {
  hospital: "hospital",
  primary: "clinic",
  pharmacy: "pharmacy",
};

/** med_chrgitm_type 09/10/11 are drugs, 08 materials; the knowledge base's kind wins when it knows the item. */
export function lineKind(kb: KnowledgeBase, code: string, day: number, chrgitmType: string | null): LineKind {
  const known = kb.itemAt(code, day);
  if (known) return known.kind as LineKind;
  if (chrgitmType === "09" || chrgitmType === "10" || chrgitmType === "11") return "drug";
  return chrgitmType === "08" ? "material" : "service";
}

const dayOf = (text: string) => parseDay(text)!;

/** A fee line of the engine from exact values: quantity scale 4, price scale 6, amount in fen. */
export function feeLine(
  kb: KnowledgeBase,
  l: { id: string; code: string; date: string; qty: bigint; price: bigint; amount: bigint },
  chrgitmType: string | null,
  days: number | null,
): FeeLine {
  const day = dayOf(l.date);
  const kind = lineKind(kb, l.code, day, chrgitmType);
  return {
    id: l.id,
    code: l.code,
    kind,
    date: l.date,
    day,
    qtyText: formatScaled(l.qty, 4),
    qty: l.qty,
    priceText: formatScaled(l.price, 6),
    price: l.price,
    amountText: fenToYuan(l.amount),
    amount: l.amount,
    days: kind === "drug" ? days : null,
  };
}

/**
 * Lines are net (AUDIT-CONTRACT section 2): a refund (init_feedetl_sn) is taken off the line it
 * refunds, and a line refunded in full is left out, like a refund without its line.
 */
export function netLines(rows: readonly FeeLineRow[]): FeeLineRow[] {
  const net = new Map<string, FeeLineRow>();
  for (const r of rows) if (r.init_feedetl_sn === null) net.set(r.feedetl_sn, { ...r });
  for (const r of rows) {
    if (r.init_feedetl_sn === null) continue;
    const line = net.get(r.init_feedetl_sn);
    if (!line) continue;
    line.quantity += r.quantity;
    line.amount += r.amount;
  }
  return [...net.values()].filter((l) => l.quantity > 0n && l.amount >= 0n);
}

/** A settled visit as the engine reads it, or null when it cannot be audited (no lines, unknown sex or med_type). */
export function visitFromRows(kb: KnowledgeBase, v: VisitRow, rows: readonly FeeLineRow[]): Visit | null {
  const medType = auditMedType(v.med_type);
  if (medType === null || v.gender === "9") return null;
  const lines = netLines(rows).map((r) => {
    const date = beijingDay(r.fee_time);
    return feeLine(
      kb,
      { id: r.feedetl_sn, code: r.code, date, qty: r.quantity, price: r.price, amount: r.amount },
      r.chrgitm_type,
      null,
    );
  });
  if (lines.length === 0) return null;
  const begndate = beijingDay(v.begntime);
  const enddate = ONE_DAY.has(medType) || v.endtime === null ? begndate : beijingDay(v.endtime);
  return {
    id: v.mdtrt_id,
    person: {
      psnNo: v.psn_no,
      gend: v.gender,
      brdy: v.birth_date,
      insutype: v.insutype,
      psnType: v.psn_type,
    },
    institution: {
      code: v.institution_code,
      level: v.institution_level,
      type: INSTITUTION_TYPES[v.institution_kind],
    },
    medType,
    dept: "",
    doctor: "",
    begndate,
    enddate,
    beg: dayOf(begndate),
    end: dayOf(enddate),
    diagnoses: v.dise_codg ? [v.dise_codg] : [],
    lines,
  };
}
