import { describe, expect, it } from "vitest";
import { visit } from "./audit.fixture.ts";
import { parseVisit } from "./parse-visit.ts";

// biome-ignore lint/suspicious/noExplicitAny: the tests break any field on purpose
type Loose = Record<string, any>;
const good = () =>
  visit({ id: "V1", lines: [{ code: "X" }, { code: "D", kind: "drug", days: "30" }] }) as Loose;

function field(mutate: (v: Loose) => void): string | undefined {
  const v = good();
  mutate(v);
  try {
    parseVisit(v);
    return undefined;
  } catch (err) {
    expect(err).toMatchObject({ code: "AUDIT_VISIT_INVALID" });
    return (err as { details: { field: string } }).details.field;
  }
}

describe("visit validation (AUDIT-CONTRACT section 2)", () => {
  it("reads a valid visit exactly: quantities scale 4, prices scale 6, amounts in fen, day numbers", () => {
    const v = parseVisit(visit({ lines: [{ code: "X", qty: "0.5", price: "13.05", amount: "6.53" }] }));
    expect(v.lines[0]).toMatchObject({ qty: 5_000n, price: 13_050_000n, amount: 653n, days: null });
    expect(v.end - v.beg).toBe(0);
    expect(
      parseVisit(
        visit({
          lines: [{ code: "X", qty: "123456789012.1234", price: "1234567890.123456", amount: "1.00" }],
        }),
      ).lines[0],
    ).toMatchObject({
      qty: 1_234_567_890_121_234n,
      price: 1_234_567_890_123_456n,
    });
  });
  it("ignores fields it does not name", () => {
    expect(field((v) => Object.assign(v, { extra: 1, person: { ...v.person, name: "x" } }))).toBeUndefined();
  });
  it("names the field of each kind of malformation", () => {
    expect(field((v) => delete v.id)).toBe("id");
    expect(field((v) => (v.id = ""))).toBe("id");
    expect(field((v) => (v.person.psn_no = 530100))).toBe("person.psn_no");
    expect(field((v) => (v.person.gend = "0"))).toBe("person.gend");
    expect(field((v) => (v.person.insutype = "320"))).toBe("person.insutype");
    expect(field((v) => (v.person.psn_type = ""))).toBe("person.psn_type");
    expect(field((v) => (v.person.brdy = "2026-03-11"))).toBe("person.brdy"); // after begndate
    expect(field((v) => (v.institution.level = 2))).toBe("institution.level");
    expect(field((v) => (v.institution.type = "lab"))).toBe("institution.type");
    expect(field((v) => (v.med_type = "12"))).toBe("med_type");
    expect(field((v) => (v.dept = null))).toBe("dept");
    expect(field((v) => delete v.doctor)).toBe("doctor");
    expect(field((v) => (v.begndate = "2026-02-30"))).toBe("begndate");
    expect(field((v) => (v.enddate = "2026-03-11"))).toBe("enddate"); // outpatient over two days
    expect(field((v) => Object.assign(v, { med_type: "21", enddate: "2026-03-09" }))).toBe("enddate");
    expect(field((v) => (v.diagnoses = "I10"))).toBe("diagnoses");
    expect(field((v) => (v.diagnoses = ["I10", 5]))).toBe("diagnoses[1]");
    expect(field((v) => (v.lines = []))).toBe("lines");
  });
  it("checks every fee line", () => {
    expect(field((v) => (v.lines[1].id = "1"))).toBe("lines[1].id"); // not unique
    expect(field((v) => (v.lines[0].code = ""))).toBe("lines[0].code");
    expect(field((v) => (v.lines[0].kind = "drugs"))).toBe("lines[0].kind");
    expect(field((v) => (v.lines[0].date = "2026-04-31"))).toBe("lines[0].date");
    for (const qty of ["-1", "0", "0.0000", "1.23456", "1.", ".5", "1e3", " 1", "", "1,5"])
      expect(
        field((v) => (v.lines[0].qty = qty)),
        qty,
      ).toBe("lines[0].qty");
    expect(field((v) => (v.lines[0].qty = 1))).toBe("lines[0].qty");
    expect(field((v) => (v.lines[0].price = "1.1234567"))).toBe("lines[0].price");
    expect(field((v) => (v.lines[0].price = "-1.00"))).toBe("lines[0].price");
    for (const amount of ["10", "10.0", "10.000", "-10.00"])
      expect(
        field((v) => (v.lines[0].amount = amount)),
        amount,
      ).toBe("lines[0].amount");
    expect(field((v) => (v.lines[0].days = "3"))).toBe("lines[0].days"); // on a service line
    for (const days of ["0", "10000", "7.5", "", undefined, 7])
      expect(
        field((v) => (v.lines[1].days = days)),
        String(days),
      ).toBe("lines[1].days");
  });
  it("accepts the edges: price 0, qty with 4 places, days 9999, a line outside the stay", () => {
    expect(field((v) => (v.lines[0].price = "0"))).toBeUndefined();
    expect(field((v) => (v.lines[0].qty = "0.0001"))).toBeUndefined();
    expect(field((v) => (v.lines[1].days = "9999"))).toBeUndefined();
    expect(field((v) => (v.lines[0].date = "2025-01-01"))).toBeUndefined();
    expect(field((v) => (v.person.brdy = v.begndate))).toBeUndefined();
  });
});
