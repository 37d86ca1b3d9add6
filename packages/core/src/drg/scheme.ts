/**
 * A DRG scheme as data: MDC principal-diagnosis tables, ADRGs with their entry conditions in the
 * official order, DRGs per ADRG, CC/MCC lists with exclusion tables. Loaded from the rule text
 * (load.ts); grouping (group.ts) never hard-codes a table.
 */
export interface AdrgRule {
  code: string; // e.g. "BB1"
  name: string;
  mdc: string; // e.g. "MDCB"
  /** principal diagnosis must be in this list (包含以下主要诊断 / 主要诊断) */
  principalDx?: Set<string>;
  /** principal procedure must be in this list (包含以下主要手术或操作) */
  principalProc?: Set<string>;
  /** one procedure from each list (同时包含以下手术 ... 和 ...) */
  procPair?: [Set<string>, Set<string>];
  /** principal or secondary diagnosis in the list (主要诊断或其他诊断中包含 / 包含以下诊断) */
  anyDx?: Set<string>;
  /** numbered procedure tables and the combinations that qualify (主要诊断+手术表 1+手术表 2 ...) */
  procTables?: Map<string, Set<string>>;
  tableCombos?: string[][];
  /** any operating-room procedure (全部手术, or a surgical ADRG without a list) */
  anyProc?: boolean;
  /** no procedure at all (符合 MDCZ 主诊表，且无手术) */
  noProc?: boolean;
  /** birth weight range in grams, read from the ADRG name (出生体重) */
  weight?: { min: number; max: number };
  /** the suffixes its DRGs use: "9" not split, or some of "1", "3", "5" */
  suffixes: Set<string>;
}

export interface DrgScheme {
  id: string; // "chs-drg-1.1"
  mdcNames: Map<string, string>;
  /** MDC -> principal diagnoses (主诊表), in MDC order */
  mdcTables: Map<string, Set<string>>;
  /** MDCZ body regions -> diagnoses */
  traumaRegions: Map<string, Set<string>>;
  adrgs: AdrgRule[]; // in official order, MDCA first
  adrgsByMdc: Map<string, AdrgRule[]>;
  drgNames: Map<string, string>;
  mcc: Map<string, string | null>; // diagnosis -> exclusion table id (null: never excluded)
  cc: Map<string, string | null>;
  /** procedures that count as operating-room surgery (全部手术): those the surgical ADRGs list */
  orProcedures: Set<string>;
  exclusions: Map<string, Set<string>>; // table id -> principal diagnoses that exclude
}

export interface DrgCaseInput {
  gender: "1" | "2" | string;
  age: number;
  ageDays?: number | null;
  weightGrams?: number | null;
  los: number;
  dischargeWay?: string;
  diagnoses: string[]; // principal first
  procedures: string[]; // principal first
}

export interface DrgResult {
  mdc: string;
  adrg: string;
  drg: string;
  /** how the result was reached: one line per decision */
  trace: string[];
}
