import { describe, expect, it } from "vitest";
import { SETLINFO_FIELDS, SPLIT_FIELDS, SPLIT_KEYS } from "./format.ts";

describe("the NHSA names of settlement amounts", () => {
  it("name every amount once", () => {
    const names = SETLINFO_FIELDS.map(([, name]) => name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(SETLINFO_FIELDS.map(([key]) => key)).size).toBe(names.length);
  });

  it("give the split a HIS sends with 2207 the names of setlinfo", () => {
    expect(SPLIT_FIELDS.map(([key]) => key)).toEqual([...SPLIT_KEYS]);
    expect(Object.fromEntries(SPLIT_FIELDS)).toEqual({
      fullOwnPay: "fulamt_ownpay_amt",
      overLimitSelfPay: "overlmt_selfpay",
      preSelfPay: "preselfpay_amt",
      inScope: "inscp_scp_amt",
    });
  });
});
