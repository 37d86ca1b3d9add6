import { isYibaoError } from "../errors/index.ts";
import { type SharedHistory, type VisitContext, visitContext } from "./context.ts";
import { type Finding, type FindingJson, compareFindings, findingJson } from "./findings.ts";
import { PersonHistory } from "./history.ts";
import type { KnowledgeBase } from "./kb.ts";
import type { RuleSetting, Stage } from "./kb-types.ts";
import { isObject, parseVisit, visitIdOf } from "./parse-visit.ts";
import { RULE_INFO, type RuleInfo } from "./rule-catalog.ts";
import { recordShared } from "./rules/behaviour.ts";
import { RULE_CHECKS } from "./rules/library.ts";
import { PRESCRIBING, drugKey } from "./rules/prescriptions.ts";
import type { Emit, RuleCheck } from "./rules/types.ts";
import type { Visit } from "./visit.ts";

/** One output line of `yibao audit` (AUDIT-CONTRACT section 1). */
export type AuditResult =
  | { id: string; findings: FindingJson[] }
  | { id: string | null; error: { code: "bad-json" | "bad-visit"; message: string } };

export interface AuditOptions {
  /** The stage the audit runs at; a rule whose `stages` exclude it does not run. Default "after" (事后). */
  stage?: Stage;
  /** Only these rule keys run (the rules configured for settlement, say); default all enabled. */
  rules?: ReadonlySet<string>;
}

const BLANK = /^\s*$/;

/**
 * One copy of each short string the history keeps for long (med_types, institution codes,
 * diagnosis categories: few distinct values, millions of visits). Stops growing at a size no
 * real code list reaches, so that a file of odd values cannot make it the larger cost.
 */
class Interner {
  private readonly seen = new Map<string, string>();
  intern(s: string): string {
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    if (this.seen.size < 100_000) this.seen.set(s, s);
    return s;
  }
}

interface ActiveRule {
  info: RuleInfo;
  setting: RuleSetting;
  check: RuleCheck;
  scoped: boolean; // the setting restricts where the rule runs
}

/** Whether a rule's scope (rules.csv's optional columns) admits the visit. */
function inScope(s: RuleSetting, v: Visit, stage: Stage): boolean {
  return (
    (!s.medTypes || s.medTypes.has(v.medType)) &&
    (!s.levels || s.levels.has(v.institution.level)) &&
    (!s.institutionTypes || s.institutionTypes.has(v.institution.type)) &&
    (!s.insutypes || s.insutypes.has(v.person.insutype)) &&
    (!s.stages || s.stages.has(stage))
  );
}

/**
 * The batch audit (事后审核) over a stream of visits in file order. Each visit is audited against
 * the valid visits before it (its person's history, and institutions' and doctors' for product
 * rules), then joins that history. No look-ahead: feed lines in order, one at a time.
 */
export class Auditor {
  private readonly persons = new Map<string, PersonHistory>();
  private readonly ids = new Set<string>(); // ids of valid visits: an id is unique in the file
  private readonly shared: SharedHistory = { dispensed: new Map(), doctorDays: new Map() };
  private readonly activeByDay = new Map<number, ActiveRule[]>();
  private readonly strings = new Interner();
  private readonly stage: Stage;
  private readonly only: ReadonlySet<string> | null;
  private readonly countDoctors: boolean;
  /** Fee lines of the valid visits audited so far (for throughput figures). */
  linesAudited = 0;

  constructor(
    readonly kb: KnowledgeBase,
    options: AuditOptions = {},
  ) {
    this.stage = options.stage ?? "after";
    this.only = options.rules ?? null;
    this.countDoctors = (kb.data.rules.get("doctor-daily-visits-over-max") ?? []).some((s) => s.enabled);
  }

  /** One input line: its output, or null for a blank line (which has none). */
  auditLine(text: string): AuditResult | null {
    if (BLANK.test(text)) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { id: null, error: { code: "bad-json", message: "not valid JSON" } };
    }
    if (!isObject(json)) return { id: null, error: { code: "bad-json", message: "not a JSON object" } };
    let visit: Visit;
    try {
      visit = parseVisit(json);
    } catch (err) {
      if (!isYibaoError(err)) throw err;
      return { id: visitIdOf(json), error: { code: "bad-visit", message: err.message } };
    }
    if (this.ids.has(visit.id))
      return { id: visit.id, error: { code: "bad-visit", message: "id: not unique in the file" } };
    const findings = this.audit(visit);
    if (findings.length === 0) return { id: visit.id, findings: [] };
    const lineIds = visit.lines.map((l) => l.id);
    return { id: visit.id, findings: findings.map((f) => findingJson(f, lineIds)) };
  }

  /** Audits a valid visit, then adds it to the history. Findings in section 6's order. */
  audit(visit: Visit): Finding[] {
    this.ids.add(visit.id);
    this.linesAudited += visit.lines.length;
    const history = this.persons.get(visit.person.psnNo);
    const ctx = visitContext(this.kb, visit, history, this.shared);
    const findings: Finding[] = [];
    let rule: ActiveRule | undefined; // the rule whose check is running; one emit serves them all
    const emit: Emit = (lines, amount, evidence) =>
      findings.push({
        rule: rule!.info.key,
        code: rule!.info.code,
        family: rule!.setting.family,
        result: rule!.setting.result,
        severity: rule!.setting.severity,
        lines: lines.length < 2 ? [...lines] : [...lines].sort((a, b) => a - b),
        amount,
        evidence,
      });
    for (const r of this.activeRules(visit.beg)) {
      if (r.scoped && !inScope(r.setting, visit, this.stage)) continue;
      rule = r;
      r.check(ctx, emit);
    }
    this.record(ctx);
    return findings.sort(compareFindings);
  }

  /** The enabled rules in force on a day, with their logic. */
  private activeRules(day: number): ActiveRule[] {
    let active = this.activeByDay.get(day);
    if (!active) {
      active = [];
      for (const [key, setting] of this.kb.rulesAt(day))
        if (setting.enabled && (!this.only || this.only.has(key)))
          active.push({
            info: RULE_INFO.get(key)!,
            setting,
            check: RULE_CHECKS.get(key)!,
            scoped: [
              setting.medTypes,
              setting.levels,
              setting.institutionTypes,
              setting.insutypes,
              setting.stages,
            ].some((x) => x !== null),
          });
      this.activeByDay.set(day, active);
    }
    return active;
  }

  /** Keeps what later visits' rules read (history.ts). */
  private record(ctx: VisitContext): void {
    const v = ctx.visit;
    let h = this.persons.get(v.person.psnNo);
    if (!h) {
      h = new PersonHistory();
      this.persons.set(v.person.psnNo, h);
    }
    const dx = v.diagnoses[0];
    h.visits.push({
      medType: this.strings.intern(v.medType),
      beg: v.beg,
      end: v.end,
      institution: this.strings.intern(v.institution.code),
      dx3: dx === undefined ? null : this.strings.intern(dx.slice(0, 3)),
    });
    const prescribing = PRESCRIBING.has(v.medType);
    ctx.lines.forEach((l, i) => {
      if (this.kb.frequencyCodes.has(l.code)) h.addCharge(l.code, l.day, l.qty);
      if (prescribing && l.kind === "drug" && l.days !== null) h.addSupply(drugKey(ctx, i), l.day, l.days);
    });
    recordShared(ctx, this.countDoctors);
  }
}
