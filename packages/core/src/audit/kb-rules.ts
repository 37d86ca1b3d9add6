import { MED_TYPES } from "./visit.ts";
import { type CsvTable, kbError, rowsOf } from "./kb-cells.ts";
import { type Family, type ResultType, type RuleSetting, type Severity, overlap } from "./kb-types.ts";
import { RULE_CATALOG, RULE_INFO } from "./rule-catalog.ts";

/**
 * rules.csv: `rule, family, result, enabled` for every rule key of the contract (AUDIT-CONTRACT
 * section 3); `enabled` 0 switches a rule off, `family` and `result` go into its findings. Product
 * rules run only when listed here and enabled. Optional columns (blank = no restriction) make a
 * rule versioned, parameterised data: `severity` (high/medium/low; default high for definite,
 * medium for suspicious), its scope `med_types` (scenario), `levels`, `institution_types`,
 * `insutypes`, `stages` (before/during/after), `settle` (warn/hold: run at settlement), and `valid_from`/`valid_to`.
 */
const FAMILIES: readonly Family[] = ["policy", "management", "medical"];
const RESULTS: readonly ResultType[] = ["definite", "suspicious"];
const SEVERITIES: readonly Severity[] = ["high", "medium", "low"];

export function loadRules(table: CsvTable | undefined): Map<string, RuleSetting[]> {
  const rules = new Map<string, RuleSetting[]>();
  for (const r of rowsOf("rules.csv", table, ["rule", "family", "result", "enabled"])) {
    const rule = r.required("rule");
    if (!RULE_INFO.has(rule)) throw r.fail("rule", `${rule} is not a rule Yibao knows`);
    const result = r.oneOf("result", RESULTS) as ResultType;
    const setting: RuleSetting = {
      rule,
      family: r.oneOf("family", FAMILIES) as Family,
      result,
      enabled: r.oneOf("enabled", ["0", "1"]) === "1",
      severity: (r.oneOf("severity", SEVERITIES, true) ||
        (result === "definite" ? "high" : "medium")) as Severity,
      medTypes: r.set("med_types", MED_TYPES),
      levels: r.set("levels", ["1", "2", "3"]),
      institutionTypes: r.set("institution_types", ["hospital", "pharmacy", "clinic"]),
      insutypes: r.set("insutypes", ["310", "390"]),
      stages: r.set("stages", ["before", "during", "after"]),
      settle: (r.oneOf("settle", ["warn", "hold"], true) || null) as RuleSetting["settle"],
      validity: r.validity(),
    };
    const versions = rules.get(rule) ?? [];
    if (versions.some((v) => overlap(v.validity, setting.validity)))
      throw r.fail("rule", `${rule} appears twice for the same days`);
    versions.push(setting);
    rules.set(rule, versions);
  }
  for (const info of RULE_CATALOG)
    if (info.contract && !rules.has(info.key))
      throw kbError("rules.csv", `the rule ${info.key} is missing`, { field: "rule", rule: info.key });
  return rules;
}
