import { describe, expect, it } from "vitest";
import { NUMERIC_FIELDS, numbersOnWire, parseKeepingDecimals } from "./wire.ts";

describe("numbers on the wire", () => {
  const answer = {
    setlinfo: { setl_id: "S0001", medfee_sumamt: "480.00", age: "34", psn_no: "5301000000000077" },
    setldetail: [{ fund_pay_type: "310100", fund_payamt: "-12.30" }],
    result: [{ feedetl_sn: "12.00", pric: "12.500000", cnt: "2.0000", pric_uplmt_amt: null }],
    stmtinfo: { stmt_rslt_dscr: 'note "medfee_sumamt":"1.00" inside text' },
  };
  const wire = numbersOnWire(JSON.stringify(answer));

  it("writes money with two decimals, prices, quantities and ages as JSON numbers", () => {
    expect(wire).toContain('"medfee_sumamt":480.00');
    expect(wire).toContain('"fund_payamt":-12.30');
    expect(wire).toContain('"pric":12.500000,"cnt":2.0000');
    expect(wire).toContain('"age":34');
    const parsed = JSON.parse(wire);
    expect(parsed.setlinfo.medfee_sumamt).toBe(480);
    expect(parsed.result[0].pric_uplmt_amt).toBeNull();
  });

  it("leaves codes, ids and text alone, also text that looks like a member", () => {
    const parsed = JSON.parse(wire);
    expect(parsed.setlinfo.setl_id).toBe("S0001");
    expect(parsed.setlinfo.psn_no).toBe("5301000000000077");
    expect(parsed.result[0].feedetl_sn).toBe("12.00");
    expect(parsed.stmtinfo.stmt_rslt_dscr).toBe(answer.stmtinfo.stmt_rslt_dscr);
  });

  it("leaves values that are not plain decimals quoted", () => {
    const odd = numbersOnWire(JSON.stringify({ cnt: "01", age: "1e3", pric: "", balc: "NaN" }));
    expect(JSON.parse(odd)).toEqual({ cnt: "01", age: "1e3", pric: "", balc: "NaN" });
  });

  it("reads the digits back exactly", () => {
    expect(parseKeepingDecimals(wire)).toEqual(answer);
  });

  it("names no field twice and only snake_case names", () => {
    for (const f of NUMERIC_FIELDS) expect(f).toMatch(/^[a-z_]+$/);
    expect(new Set(NUMERIC_FIELDS).size).toBe(NUMERIC_FIELDS.length);
  });
});
