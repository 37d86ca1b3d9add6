import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageOn, makeCertno, parseCertno } from "./certno.ts";
import { checkPsnType } from "./schemes.ts";
import { makeUscc, parseUscc } from "./uscc.ts";

describe("resident ID numbers (GB 11643)", () => {
  it("accepts the standard example and derives birth date and sex", () => {
    expect(parseCertno("11010519491231002x")).toEqual({
      certno: "11010519491231002X",
      regionCode: "110105",
      birthDate: "1949-12-31",
      gender: "2",
    });
  });

  it("refuses any single-digit change (checksum)", () => {
    const arb = fc.record({
      y: fc.integer({ min: 1930, max: 2025 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
      seq: fc.integer({ min: 0, max: 999 }),
      pos: fc.integer({ min: 0, max: 16 }),
      bump: fc.integer({ min: 1, max: 9 }),
    });
    fc.assert(
      fc.property(arb, ({ y, m, d, seq, pos, bump }) => {
        const birth = `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`;
        const id = makeCertno("530102", birth, seq);
        expect(parseCertno(id).birthDate).toBe(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`);
        const digit = (Number(id[pos]) + bump) % 10;
        const broken = id.slice(0, pos) + digit + id.slice(pos + 1);
        expect(() => parseCertno(broken)).toThrow();
      }),
    );
  });

  it("names the error", () => {
    expect(() => parseCertno("110105194912310021", "persons.certno")).toThrowError(
      expect.objectContaining({ code: "REG_CERTNO_CHECKSUM", details: { field: "persons.certno" } }),
    );
    expect(() => parseCertno("1101051949")).toThrowError(
      expect.objectContaining({ code: "REG_CERTNO_FORMAT" }),
    );
    expect(() => parseCertno(makeCertno("110105", "19490230", 1))).toThrowError(
      expect.objectContaining({ code: "REG_CERTNO_BIRTHDATE" }),
    );
  });

  it("computes ages", () => {
    expect(ageOn("2000-03-01", "2026-02-28")).toBe(25);
    expect(ageOn("2000-03-01", "2026-03-01")).toBe(26);
  });
});

describe("unified social credit codes (GB 32100)", () => {
  it("accepts generated codes and refuses a changed character", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 2, max: 16 }),
        (serial, pos) => {
          const code = makeUscc("530102", serial);
          expect(parseUscc(code)).toBe(code);
          const c = code[pos] === "1" ? "2" : "1";
          expect(() => parseUscc(code.slice(0, pos) + c + code.slice(pos + 1))).toThrow();
        },
      ),
    );
    expect(() => parseUscc("91530100MA6K1234IO")).toThrowError(
      expect.objectContaining({ code: "REG_USCC_FORMAT" }),
    );
  });
});

describe("psn_type rules", () => {
  it("fits scheme and age", () => {
    expect(() => checkPsnType("310", "1101", "1990-01-01", "2026-01-01")).not.toThrow();
    expect(() => checkPsnType("390", "1101", "1990-01-01", "2026-01-01")).toThrowError(
      expect.objectContaining({ code: "REG_PSN_TYPE_MISMATCH" }),
    );
    expect(() => checkPsnType("390", "1401", "2026-01-01", "2026-03-01")).not.toThrow();
    expect(() => checkPsnType("390", "1501", "2020-01-01", "2026-03-01")).toThrowError(
      expect.objectContaining({ code: "REG_PSN_TYPE_AGE" }),
    );
  });
});
