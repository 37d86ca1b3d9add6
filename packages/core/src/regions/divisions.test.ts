import { describe, expect, it } from "vitest";
import {
  type Division,
  divisionListProblems,
  prefectureOf,
  provinceOf,
  unknownDivisionPart,
} from "./divisions.ts";

const LIST: Division[] = [
  { code: "530000", name: "云南省", level: "province", parent_code: null },
  { code: "530100", name: "昆明市", level: "prefecture", parent_code: "530000" },
  { code: "110000", name: "北京市", level: "province", parent_code: null },
  { code: "110100", name: "市辖区", level: "prefecture", parent_code: "110000" },
];
const known = new Map(LIST.map((d) => [d.code, d]));

describe("division codes", () => {
  it("splits a code into its province and prefecture", () => {
    expect(provinceOf("530102")).toBe("530000");
    expect(prefectureOf("530102")).toBe("530100");
    expect(prefectureOf("530000")).toBeNull();
  });

  it("knows a listed province or prefecture, and any county of a listed prefecture", () => {
    for (const code of ["530000", "530100", "530102", "530181", "110000", "110105"])
      expect(unknownDivisionPart(code, known), code).toBeNull();
  });

  it("names the unknown part: the province first, then the prefecture", () => {
    expect(unknownDivisionPart("990000", known)).toBe("province");
    expect(unknownDivisionPart("540100", known)).toBe("province"); // 西藏 is not in this small list
    expect(unknownDivisionPart("539900", known)).toBe("prefecture");
    expect(unknownDivisionPart("539901", known)).toBe("prefecture");
    expect(unknownDivisionPart("530001", known)).toBe("prefecture"); // a county with no prefecture
    // a prefecture's code does not pass as a province
    expect(unknownDivisionPart("530100", new Map([["530000", { ...LIST[1]!, code: "530000" }]]))).toBe(
      "province",
    );
  });

  it("checks a list's shape", () => {
    expect(divisionListProblems(LIST)).toEqual([]);
    expect(
      divisionListProblems([
        ...LIST,
        { code: "530100", name: "昆明市", level: "prefecture", parent_code: "530000" },
        { code: "5301", name: "短", level: "prefecture", parent_code: "530000" },
        { code: "520100", name: "贵阳市", level: "prefecture", parent_code: "520000" },
        { code: "530300", name: "曲靖市", level: "province", parent_code: null },
        { code: "530400", name: "玉溪市", level: "prefecture", parent_code: "110000" },
      ]),
    ).toEqual([
      "530100: listed twice",
      "5301: not 6 digits",
      "530300: a province is xx0000 with no parent",
      "530400: a prefecture is xxyy00 under its province",
      "520100: its province 520000 is not listed",
    ]);
  });
});
