import { describe, expect, it } from "vitest";
import { type DetailEntry, isConsistent, reconcileDetail } from "./reconcile.ts";

const entry = (setl_id: string, medfee: bigint, more: Partial<DetailEntry> = {}): DetailEntry => ({
  setl_id,
  mdtrt_id: `M${setl_id}`,
  psn_no: "P1",
  medfee,
  fund: medfee / 2n,
  acct: 0n,
  refd_setl_flag: "0",
  ...more,
});

describe("3202 detail reconciliation", () => {
  it("is consistent when both lists hold the same settlements, in any order", () => {
    const ours = [entry("1", 1000n), entry("2", 500n)];
    const r = reconcileDetail(ours, [entry("2", 500n), entry("1", 1000n)]);
    expect(isConsistent(r)).toBe(true);
    expect(r.counts).toEqual({ match: 2, missing_ours: 0, missing_theirs: 0, differs: 0 });
    expect(r.ours).toEqual(r.theirs);
  });

  it("lists each difference with its fields, and nets reversals in the totals", () => {
    const ours = [
      entry("1", 1000n),
      entry("2", 500n),
      entry("3", -500n, { fund: -250n, refd_setl_flag: "1" }),
      entry("4", 300n),
    ];
    const theirs = [
      entry("1", 1000n, { acct: 100n }), // acct differs
      entry("2", 500n, { psn_no: "P2" }), // person differs
      entry("3", -500n, { fund: -250n, refd_setl_flag: "1" }),
      entry("9", 700n), // we have no such settlement
    ];
    const r = reconcileDetail(ours, theirs);
    expect(isConsistent(r)).toBe(false);
    expect(r.lines.map((l) => [l.setl_id, l.outcome, l.fields])).toEqual([
      ["1", "differs", ["acct_pay"]],
      ["2", "differs", ["psn_no"]],
      ["3", "match", []],
      ["9", "missing_ours", []],
      ["4", "missing_theirs", []],
    ]);
    expect(r.ours).toEqual({ count: 2, medfee: 1300n, fund: 650n, acct: 0n });
    expect(r.theirs).toEqual({ count: 2, medfee: 1700n, fund: 850n, acct: 100n });
    expect(r.counts).toEqual({ match: 1, missing_ours: 1, missing_theirs: 1, differs: 2 });
  });

  it("is not consistent when the totals agree but the settlements do not", () => {
    const r = reconcileDetail([entry("1", 1000n)], [entry("2", 1000n, { mdtrt_id: "M1" })]);
    expect(r.ours).toEqual(r.theirs);
    expect(isConsistent(r)).toBe(false);
  });
});
