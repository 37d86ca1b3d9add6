/**
 * The national list of administrative divisions (行政区划, GB/T 2260) at province and prefecture
 * level: the data is packages/server/data/divisions (read by the server, given here), the checks
 * are pure. A code is 6 digits: province (2), prefecture (2), county (2).
 */
export type DivisionLevel = "province" | "prefecture";

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  parent_code: string | null;
}

/** The province-level code of a 6-digit code (530102 -> 530000). */
export const provinceOf = (code: string) => `${code.slice(0, 2)}0000`;
/** The prefecture-level code of a 6-digit code below a province (530102 -> 530100), else null. */
export const prefectureOf = (code: string) => (code.slice(2, 4) === "00" ? null : `${code.slice(0, 4)}00`);

/**
 * What of a 6-digit code the national list does not know: its province, its prefecture, or
 * nothing (null). A province's code (xx0000) needs its province listed, a prefecture's (xxyy00)
 * and a county's (xxyyzz) also their prefecture; counties themselves are not listed, so any
 * county of a listed prefecture passes. A code that is not 6 digits is the caller's to refuse.
 */
export function unknownDivisionPart(
  code: string,
  known: ReadonlyMap<string, Division>,
): DivisionLevel | null {
  if (known.get(provinceOf(code))?.level !== "province") return "province";
  if (code.slice(2, 4) === "00") return code.slice(4) === "00" ? null : "prefecture";
  const prefecture = prefectureOf(code);
  if (prefecture === null || known.get(prefecture)?.level !== "prefecture") return "prefecture";
  return null;
}

/**
 * Checks a list read from the data file: codes of 6 digits and unique, levels consistent with the
 * codes, every prefecture under a listed province. Returns the problems (empty when sound).
 */
export function divisionListProblems(list: readonly Division[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, Division>();
  for (const d of list) {
    if (!/^\d{6}$/.test(d.code)) problems.push(`${d.code}: not 6 digits`);
    else if (seen.has(d.code)) problems.push(`${d.code}: listed twice`);
    else if (d.name.trim() === "") problems.push(`${d.code}: no name`);
    else if (d.level === "province" && (!d.code.endsWith("0000") || d.parent_code !== null))
      problems.push(`${d.code}: a province is xx0000 with no parent`);
    else if (
      d.level === "prefecture" &&
      (d.code.endsWith("0000") || !d.code.endsWith("00") || d.parent_code !== provinceOf(d.code))
    )
      problems.push(`${d.code}: a prefecture is xxyy00 under its province`);
    seen.set(d.code, d);
  }
  for (const d of list)
    if (d.parent_code !== null && seen.get(d.parent_code)?.level !== "province")
      problems.push(`${d.code}: its province ${d.parent_code} is not listed`);
  return problems;
}
