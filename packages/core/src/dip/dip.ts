import { type Fen, divRoundHalfUp } from "../money/index.ts";

/**
 * DIP (按病种分值付费): groups learned from a region's own history. A case's key is its principal
 * diagnosis (first 5 characters of the ICD-10 code, e.g. "K80.1") and its procedure combination
 * (the distinct procedures' first 5 characters, sorted; none = conservative treatment). Keys with
 * at least `coreThreshold` cases are core groups (核心病种); the rest fall into comprehensive groups
 * (综合病种) by diagnosis chapter and treatment type. Scores = trimmed group mean cost / regional
 * mean x `scoreScale` (1000), kept as integers scaled by 10^4.
 */
export type TreatmentType = "surgery" | "therapeutic" | "diagnostic" | "conservative"; // 相关手术/治疗性操作/诊断性操作/保守治疗

export interface DipCase {
  diagnoses: string[]; // principal first
  procedures: string[];
  cost: Fen;
}

export interface DipGroup {
  code: string; // "K80.1|51.23" or "C:K:surgery"
  kind: "core" | "comprehensive";
  cases: number;
  meanCost: Fen;
  score: bigint; // x 10^4
}

export interface DipCatalogue {
  scoreScale: bigint;
  regionalMean: Fen;
  groups: Map<string, DipGroup>;
}

export interface DipOptions {
  coreThreshold?: number; // default 15
  scoreScale?: bigint; // default 1000
  /** procedures that count as surgery (e.g. the CHS-DRG surgical lists); others are operations */
  surgical: Set<string>;
}

const five = (code: string) => code.slice(0, 5);

export function dipKey(c: Pick<DipCase, "diagnoses" | "procedures">): string {
  const procs = [...new Set(c.procedures.filter(Boolean).map(five))].sort();
  return `${five(c.diagnoses[0] ?? "")}|${procs.length ? procs.join("+") : "conservative"}`;
}

/**
 * ICD-10 chapter (章) of a diagnosis: the WHO chapter ranges by first letter and number. Used for
 * comprehensive groups.
 */
export function chapterOf(code: string): string {
  const letter = code[0] ?? "";
  const n = Number(code.slice(1, 3));
  if (letter === "A" || letter === "B") return "01";
  if (letter === "C" || (letter === "D" && n < 50)) return "02";
  if (letter === "D") return "03";
  const simple: Record<string, string> = {
    E: "04",
    F: "05",
    G: "06",
    I: "09",
    J: "10",
    K: "11",
    L: "12",
    M: "13",
    N: "14",
    O: "15",
    P: "16",
    Q: "17",
    R: "18",
    S: "19",
    T: "19",
    V: "20",
    W: "20",
    X: "20",
    Y: "20",
    Z: "21",
    U: "22",
  };
  if (letter === "H") return n < 60 ? "07" : "08";
  return simple[letter] ?? "99";
}

/** Treatment type from the procedures: surgery if any is surgical; 87-89 are diagnostic imaging/tests. */
export function treatmentType(procedures: string[], surgical: Set<string>): TreatmentType {
  const p = procedures.filter(Boolean);
  if (p.length === 0) return "conservative";
  if (p.some((x) => surgical.has(x))) return "surgery";
  if (p.every((x) => /^8[7-9]\./.test(x))) return "diagnostic";
  return "therapeutic";
}

const comprehensiveKey = (c: DipCase, surgical: Set<string>) =>
  `C:${chapterOf(c.diagnoses[0] ?? "")}:${treatmentType(c.procedures, surgical)}`;

function trimmedMean(costs: Fen[]): Fen {
  const s = [...costs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const cut = s.length >= 20 ? Math.floor(s.length * 0.025) : 0;
  const kept = s.slice(cut, s.length - cut);
  return divRoundHalfUp(
    kept.reduce((a, b) => a + b, 0n),
    BigInt(kept.length),
  );
}

/** Builds the region's DIP catalogue from its historical cases. */
export function buildDipCatalogue(history: DipCase[], o: DipOptions): DipCatalogue {
  const threshold = o.coreThreshold ?? 15;
  const scale = o.scoreScale ?? 1000n;
  const byKey = new Map<string, DipCase[]>();
  for (const c of history) {
    const k = dipKey(c);
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(c);
  }
  const members = new Map<string, { kind: "core" | "comprehensive"; costs: Fen[] }>();
  for (const [k, list] of byKey) {
    if (list.length >= threshold) members.set(k, { kind: "core", costs: list.map((c) => c.cost) });
    else {
      for (const c of list) {
        const ck = comprehensiveKey(c, o.surgical);
        if (!members.has(ck)) members.set(ck, { kind: "comprehensive", costs: [] });
        members.get(ck)!.costs.push(c.cost);
      }
    }
  }
  const regionalMean = history.length ? trimmedMean(history.map((c) => c.cost)) : 0n;
  const groups = new Map<string, DipGroup>();
  for (const [code, m] of members) {
    const meanCost = trimmedMean(m.costs);
    const score = regionalMean === 0n ? 0n : divRoundHalfUp(meanCost * scale * 10_000n, regionalMean);
    groups.set(code, { code, kind: m.kind, cases: m.costs.length, meanCost, score });
  }
  return { scoreScale: scale, regionalMean, groups };
}

/** Groups a new case: its core group if the catalogue has one, else its comprehensive group. */
export function groupDip(
  cat: DipCatalogue,
  c: Pick<DipCase, "diagnoses" | "procedures">,
  surgical: Set<string>,
): DipGroup | null {
  return cat.groups.get(dipKey(c)) ?? cat.groups.get(comprehensiveKey({ ...c, cost: 0n }, surgical)) ?? null;
}

/**
 * A DIP case's score with the outlier rules: cost >= 2x the group mean: score x (cost/mean - 1);
 * cost <= 0.5x: score x cost/mean; otherwise the group score. Scaled by 10^4.
 */
export function dipCaseScore(group: DipGroup, cost: Fen): bigint {
  if (group.meanCost === 0n) return group.score;
  const ratio = divRoundHalfUp(cost * 10_000n, group.meanCost);
  if (ratio >= 20_000n) return divRoundHalfUp(group.score * (ratio - 10_000n), 10_000n);
  if (ratio <= 5_000n) return divRoundHalfUp(group.score * ratio, 10_000n);
  return group.score;
}

/** A DIP case's score for liquidation: its group's (outlier-adjusted) score x the hospital coefficient. */
export function dipPoints(cat: DipCatalogue, c: DipCase, coefficient: bigint, surgical: Set<string>) {
  const g = groupDip(cat, c, surgical);
  if (!g) return { kind: "unweighted" as const, points: 0n, group: "none", explain: "no DIP group" };
  const score = dipCaseScore(g, c.cost);
  const kind =
    score === g.score ? ("normal" as const) : score > g.score ? ("high" as const) : ("low" as const);
  return {
    kind,
    points: divRoundHalfUp(score * coefficient, 10_000n),
    group: g.code,
    explain: `DIP ${g.kind} group ${g.code}`,
  };
}
