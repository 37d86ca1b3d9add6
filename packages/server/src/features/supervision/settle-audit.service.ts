import { Auditor, type KnowledgeBase, RULE_INFO } from "@yibao/core/audit";
import { YibaoError } from "@yibao/core/errors";
import type { Executor } from "../../db/database.ts";
import type { Bound } from "../../db/statement.ts";
import type { ReferenceData } from "../catalogue/reference.ts";
import type { SettlementSource } from "../settlement/settle.repository.ts";
import { visitFromRows } from "./audit-visit.ts";
import { knowledgeBaseOf } from "./kb.service.ts";
import { publishedKbId } from "./kb.repository.ts";
import {
  type SettleFindingRow,
  insertHeldFindings,
  settleAuditSource,
  settleFindingsStep,
} from "./settle-audit.repository.ts";

/**
 * The audit during settlement (事中, 2206/2207): the published knowledge base's rules whose
 * rules.csv row says `settle` warn or hold (and whose stages admit `during`) run over the visit
 * being settled. Warn: the settlement proceeds, its findings land in the settlement's own
 * statement and the envelope's warn_msg names them. Hold: a definite finding of a hold rule
 * refuses the 2207 (SUP_SETTLEMENT_HELD); only the findings are written. The visit is audited
 * alone: rules over the person's history find nothing here (the batch audit has the history).
 *
 * Cost: which rules run is kept per process with the reference data (its TTL; a publish through
 * this process clears it), so with no rule configured for settlement a 2207 pays nothing; with
 * some, one read of the visit's lines.
 */
interface SettleRules {
  kb: KnowledgeBase;
  rules: ReadonlySet<string>;
}

const cache = new WeakMap<ReferenceData, { at: number; value: SettleRules | null }>();

/** A publish through this process: the next settlement reads the published version again. */
export function forgetSettleRules(ref: ReferenceData) {
  cache.delete(ref);
}

async function settleRules(ex: Executor, ref: ReferenceData): Promise<SettleRules | null> {
  const slot = cache.get(ref);
  if (slot && performance.now() - slot.at < ref.ttlMs) return slot.value;
  const id = await publishedKbId(ex);
  let value: SettleRules | null = null;
  if (id !== null) {
    const kb = await knowledgeBaseOf(ex, id);
    const rules = new Set<string>();
    for (const [key, versions] of kb.data.rules)
      if (versions.some((v) => v.enabled && v.settle !== null && (!v.stages || v.stages.has("during"))))
        rules.add(key);
    value = rules.size > 0 ? { kb, rules } : null;
  }
  if (ref.ttlMs > 0) cache.set(ref, { at: performance.now(), value });
  return value;
}

export interface SettleAudit {
  /** warn_msg text: each finding's rule code, key and cited lines */
  warnings: string[];
  /** the step that stores the warned findings with the settlement (null: none) */
  step: Bound | null;
}

const NONE: SettleAudit = { warnings: [], step: null };

const describe = (f: SettleFindingRow) =>
  `${f.rule_code} ${f.rule}${f.lines.length > 0 ? ` lines ${f.lines.join(",")}` : ""}`;

/**
 * Audits the visit being settled. `settle` true (2207): a hold refuses, after storing its
 * findings; false (2206, a quote): nothing is stored, a hold is a warning that 2207 will be held.
 */
export async function auditAtSettlement(
  ex: Executor,
  ref: ReferenceData,
  s: SettlementSource,
  opts: { settle: boolean; msgid: string | null },
): Promise<SettleAudit> {
  const setup = await settleRules(ex, ref);
  const institution = s.visit.institution_code;
  if (!setup || institution === null) return NONE;
  const { kind, lines } = await settleAuditSource(ex, s.visit.id, institution);
  const visit = visitFromRows(
    setup.kb,
    {
      id: s.visit.id,
      mdtrt_id: s.visit.mdtrt_id,
      med_type: s.visit.med_type,
      insutype: s.visit.insutype,
      begntime: s.visit.begntime,
      endtime: s.visit.endtime,
      dise_codg: s.visit.dise_codg,
      institution_code: institution,
      institution_level: s.visit.level as "1" | "2" | "3",
      institution_kind: kind,
      psn_no: s.patient.psnNo,
      gender: s.patient.gender as "1" | "2" | "9",
      birth_date: s.patient.birthDate,
      psn_type: s.patient.psnType,
    },
    lines,
  );
  if (!visit) return NONE;
  const findings = new Auditor(setup.kb, { stage: "during", rules: setup.rules }).audit(visit);
  if (findings.length === 0) return NONE;
  const settings = setup.kb.rulesAt(visit.beg);
  const rows: SettleFindingRow[] = findings.map((f) => ({
    visit_id: String(s.visit.id),
    mdtrt_id: s.visit.mdtrt_id,
    institution_code: institution,
    rule: f.rule,
    rule_code: f.code,
    family: f.family,
    result: f.result,
    severity: f.severity,
    lines: f.lines.map((i) => visit.lines[i]!.id),
    amount: String(f.amount),
    evidence: f.evidence,
    settle_action: settings.get(f.rule)?.settle === "hold" && f.result === "definite" ? "hold" : "warn",
    msgid: opts.msgid,
  }));
  const held = rows.filter((r) => r.settle_action === "hold");
  if (held.length > 0 && opts.settle) {
    await insertHeldFindings(ex, rows);
    throw new YibaoError("SUP_SETTLEMENT_HELD", `Settlement held by ${held.map(describe).join("; ")}`, {
      field: "mdtrt_id",
      rules: held.map((r) => ({
        rule: r.rule_code,
        key: r.rule,
        name: RULE_INFO.get(r.rule)?.name ?? r.rule,
        lines: r.lines,
      })),
    });
  }
  return {
    warnings: rows.map((r) => `${r.settle_action === "hold" ? "hold at 2207: " : ""}${describe(r)}`),
    step: opts.settle ? settleFindingsStep(rows) : null,
  };
}
