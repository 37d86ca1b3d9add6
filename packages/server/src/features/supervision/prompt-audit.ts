import {
  Auditor,
  type Finding,
  type KnowledgeBase,
  RULE_INFO,
  type Stage,
  type Visit,
} from "@yibao/core/audit";
import { fenToYuan } from "@yibao/core/money";

/**
 * The audit before (事前提醒, 3101) and during (事中预警, 3102) care: the encounters the HIS sends
 * for a patient are audited in order of admission, each against the ones before it, with the
 * rules whose stages admit the stage. Nothing is stored: these are reminders to the doctor and
 * warnings to the hospital; the findings that count are the batch audit's after settlement.
 */
export interface PromptEncounter {
  visit: Visit;
  current: boolean; // the encounter the reminders are for (curr_mdtrt_id; all when none is named)
  rxIds: string[]; // rx_id of each line, in line order
}

/** One entry of the answer's result[] (NHSA-INTERFACE.md, 3101/3102). */
export interface JudgeResult {
  jr_id: string; // 违规记录 id: mdtrt_id, rule code and a sequence
  rule_id: string; // the rule code (GZ...)
  rule_name: string;
  vola_cont: string; // what is wrong (违规内容)
  mdtrt_id: string;
  vola_amt: string; // yuan at issue
  sev_deg: string; // 1 high, 2 medium, 3 low (the rule's severity)
  vola_evid: string; // the cited lines' rx_id, comma-separated ("" for a visit-level finding)
  vola_bhvr_type: string; // 1 definite violation (明确违规), 2 suspicious (可疑)
}

const SEVERITY: Record<string, string> = { high: "1", medium: "2", low: "3" };

function judgeResult(e: PromptEncounter, f: Finding, seq: number): JudgeResult {
  return {
    jr_id: `${e.visit.id}-${f.code}-${seq}`,
    rule_id: f.code,
    rule_name: RULE_INFO.get(f.rule)?.name ?? f.rule,
    vola_cont: f.evidence,
    mdtrt_id: e.visit.id,
    vola_amt: fenToYuan(f.amount),
    sev_deg: SEVERITY[f.severity] ?? "2",
    vola_evid: f.lines.map((i) => e.rxIds[i]).join(","),
    vola_bhvr_type: f.result === "definite" ? "1" : "2",
  };
}

/**
 * Audits each patient's encounters (in admission order) at `stage`; answers the current ones'
 * findings, only those of `ruleIds` (rule codes or keys) when given.
 */
export function promptAudit(
  kb: KnowledgeBase,
  stage: Stage,
  patients: PromptEncounter[][],
  ruleIds: ReadonlySet<string> | null,
): JudgeResult[] {
  const auditor = new Auditor(kb, { stage });
  const out: JudgeResult[] = [];
  for (const encounters of patients) {
    const ordered = [...encounters].sort((a, b) => a.visit.beg - b.visit.beg);
    for (const e of ordered) {
      const findings = auditor.audit(e.visit);
      if (!e.current) continue;
      let seq = 0;
      for (const f of findings)
        if (!ruleIds || ruleIds.has(f.code) || ruleIds.has(f.rule)) out.push(judgeResult(e, f, ++seq));
    }
  }
  return out;
}
