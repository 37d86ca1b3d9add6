import { describe, expect, it } from "vitest";
import { auditAll, findingsOf, item, testKb, visit } from "../audit.fixture.ts";

const stay = (lines: Parameters<typeof visit>[0]["lines"], begndate = "2026-03-01", enddate = "2026-03-05") =>
  visit({ med_type: "21", begndate, enddate, lines });

describe("days-over-course-limit", () => {
  const kb = testKb({ items: [item("C", { max_days_per_visit: "2" })] });
  it("cites the item's lines on the dates after the n earliest, in any input order", () => {
    const v = stay([
      { code: "C", date: "2026-03-04", price: "5" },
      { code: "C", date: "2026-03-01" },
      { code: "C", date: "2026-03-02" },
      { code: "C", date: "2026-03-03", price: "7" },
      { code: "C", date: "2026-03-04", price: "5" },
    ]);
    expect(findingsOf(kb, "days-over-course-limit", v)).toEqual([[["1", "4", "5"], "17.00"]]);
  });
  it("passes n distinct dates, however many lines", () => {
    const v = stay([
      { code: "C", date: "2026-03-01" },
      { code: "C", date: "2026-03-01" },
      { code: "C", date: "2026-03-02" },
    ]);
    expect(findingsOf(kb, "days-over-course-limit", v)).toEqual([]);
  });
});

describe("qty-over-daily-max and qty-over-visit-max", () => {
  const kb = testKb({
    items: [item("D", { max_qty_per_day: "2.5" }), item("V", { max_qty_per_visit: "3" })],
  });
  it("daily: allocates the excess from the last line of the date backwards", () => {
    // 1.5 + 2 = 3.5 on 03-01: 1 over, all taken by line 3 (price 4) -> 4.00; 03-02 is within
    const v = stay([
      { code: "D", date: "2026-03-01", qty: "1.5", price: "6" },
      { code: "D", date: "2026-03-02", qty: "2.5" },
      { code: "D", date: "2026-03-01", qty: "2", price: "4" },
    ]);
    expect(findingsOf(kb, "qty-over-daily-max", v)).toEqual([[["1", "3"], "4.00"]]);
  });
  it("daily: an excess larger than the last line spills onto the one before", () => {
    // 2 + 0.75 + 1 = 3.75, max 2.5: 1.25 over = line 3's 1 (x 4) + 0.25 of line 2 (x 6) = 5.50
    const v = visit({
      lines: [
        { code: "D", qty: "2", price: "3" },
        { code: "D", qty: "0.75", price: "6" },
        { code: "D", qty: "1", price: "4" },
      ],
    });
    expect(findingsOf(kb, "qty-over-daily-max", v)).toEqual([[["1", "2", "3"], "5.50"]]);
  });
  it("daily: exactly the maximum passes", () => {
    expect(findingsOf(kb, "qty-over-daily-max", visit({ lines: [{ code: "D", qty: "2.5" }] }))).toEqual([]);
  });
  it("visit: the whole visit's quantity, all lines cited", () => {
    const v = stay([
      { code: "V", date: "2026-03-01", qty: "2" },
      { code: "V", date: "2026-03-02", qty: "1.5", price: "2" },
    ]);
    expect(findingsOf(kb, "qty-over-visit-max", v)).toEqual([[["1", "2"], "1.00"]]);
    expect(findingsOf(kb, "qty-over-visit-max", stay([{ code: "V", qty: "3" }]))).toEqual([]);
  });
});

describe("bed-days-over-stay", () => {
  const kb = testKb({ items: [item("BED", { chrgitm_type: "01" }), item("ICU", { chrgitm_type: "01" })] });
  const beds = (n: number, code = "BED") =>
    Array.from({ length: n }, (_, i) => ({ code, date: `2026-03-0${i + 1}`, price: "30" }));
  it("allows stay days (enddate − begndate) bed days, over all chrgitm-01 items", () => {
    expect(findingsOf(kb, "bed-days-over-stay", stay(beds(4)))).toEqual([]);
    const v = stay([...beds(4), { code: "ICU", date: "2026-03-05", price: "90" }]);
    expect(findingsOf(kb, "bed-days-over-stay", v)).toEqual([[["1", "2", "3", "4", "5"], "90.00"]]);
  });
  it("allows one bed day for a same-day stay", () => {
    expect(findingsOf(kb, "bed-days-over-stay", stay(beds(1), "2026-03-01", "2026-03-01"))).toEqual([]);
    expect(findingsOf(kb, "bed-days-over-stay", stay(beds(2), "2026-03-01", "2026-03-01"))).toEqual([
      [["1", "2"], "30.00"],
    ]);
  });
  it("does not apply to outpatient visits", () => {
    expect(findingsOf(kb, "bed-days-over-stay", visit({ lines: [{ code: "BED", qty: "3" }] }))).toEqual([]);
  });
});

describe("frequency-over-period (note F)", () => {
  const kb = testKb({ items: [item("HD", { max_times: "2", period_days: "7" })] });
  const session = (begndate: string, qty = "1", id?: string) =>
    visit({ id, begndate, lines: [{ code: "HD", qty, price: "400" }] });

  it("counts the person's earlier visits within the period", () => {
    const out = auditAll(kb, [session("2026-03-01"), session("2026-03-03"), session("2026-03-07")]);
    const last = out.at(-1)!;
    expect("findings" in last && last.findings.map((f) => [f.rule, f.lines, f.amount])).toEqual([
      ["frequency-over-period", ["1"], "400.00"],
    ]);
  });
  it("forgets a charge exactly period_days earlier (L.date − P < M.date)", () => {
    expect(
      findingsOf(
        kb,
        "frequency-over-period",
        session("2026-03-01"),
        session("2026-03-03"),
        session("2026-03-08"),
      ),
    ).toEqual([]);
  });
  it("charges only the quantity over: over = min(qty, W − m)", () => {
    // 1 earlier + 3 now = 4, max 2: 2 of this line's 3 are over
    expect(
      findingsOf(kb, "frequency-over-period", session("2026-03-01"), session("2026-03-02", "3")),
    ).toEqual([[["1"], "800.00"]]);
  });
  it("counts the visit's own lines up to and including L in input order", () => {
    const lines = (dates: string[]) => stay(dates.map((date) => ({ code: "HD", date, price: "400" })));
    // 03-01, 03-03, 03-03: the third line sees all three -> 1 over
    expect(
      findingsOf(kb, "frequency-over-period", lines(["2026-03-01", "2026-03-03", "2026-03-03"])),
    ).toEqual([[["3"], "400.00"]]);
    // 03-03, 03-03, 03-01: no line sees three (the 03-01 line comes last, the 03-03 ones are after it)
    expect(
      findingsOf(kb, "frequency-over-period", lines(["2026-03-03", "2026-03-03", "2026-03-01"])),
    ).toEqual([]);
  });
  it("does not count another person's charges", () => {
    const other = visit({
      person: { psn_no: "P2" },
      begndate: "2026-03-01",
      lines: [{ code: "HD", qty: "2" }],
    });
    expect(findingsOf(kb, "frequency-over-period", other, session("2026-03-02", "2"))).toEqual([]);
  });
});

describe("tcm-piece-alone", () => {
  const kb = testKb({
    items: [
      item("P1", { kind: "drug", chrgitm_type: "10", alone_unpayable: "1" }),
      item("P2", { kind: "drug", chrgitm_type: "10", alone_unpayable: "1" }),
      item("OK", { kind: "drug", chrgitm_type: "10", alone_unpayable: "0" }),
      item("PILL", { kind: "drug", chrgitm_type: "11" }),
    ],
  });
  const drug = (code: string, date = "2026-03-10") => ({ code, kind: "drug", date });
  it("fires per date whose pieces are all not payable alone, citing those pieces", () => {
    expect(
      findingsOf(kb, "tcm-piece-alone", visit({ lines: [drug("P1"), drug("PILL"), drug("P2")] })),
    ).toEqual([[["1", "3"], "20.00"]]);
  });
  it("passes a date with one payable piece among them", () => {
    expect(findingsOf(kb, "tcm-piece-alone", visit({ lines: [drug("P1"), drug("OK")] }))).toEqual([]);
  });
  it("judges each date on its own", () => {
    const v = stay([drug("P1", "2026-03-01"), drug("OK", "2026-03-01"), drug("P2", "2026-03-02")]);
    expect(findingsOf(kb, "tcm-piece-alone", v)).toEqual([[["3"], "10.00"]]);
  });
});
