import { formatAccumulators, formatSetldetail, formatSetlinfo } from "./format.ts";
import { parseClaim, parsePersonState, parsePolicy } from "./parse.ts";
import { applyDelta } from "./reverse.ts";
import { reverseResult } from "./reverse.ts";
import { settleClaim } from "./engine.ts";
import type { SettlementResult } from "./types.ts";

/** A settlement conformance vector in the ../shared format (expected is ignored here). */
export interface SettlementVector {
  id: string;
  policy: unknown;
  person: unknown;
  steps: ({ action: "settle"; claim: unknown } | { action: "reverse"; of: number })[];
}

export interface VectorStepOutput {
  setlinfo: Record<string, string>;
  setldetail: { fund_pay_type: string; fund_payamt: string }[];
  accumulatorsAfter: ReturnType<typeof formatAccumulators>;
}

/**
 * Runs a vector through the pure engine alone (no database). The server's conformance command
 * runs the same vectors through the full service path.
 */
export function runVectorPure(v: SettlementVector): VectorStepOutput[] {
  const policy = parsePolicy(v.policy);
  const person = parsePersonState(v.person);
  let state = { ...person.ytd, balance: person.balance };
  const results: SettlementResult[] = [];
  return v.steps.map((step, i) => {
    let r: SettlementResult;
    if (step.action === "settle") {
      const { balance, ...ytd } = state;
      r = settleClaim(policy, { ...person, balance, ytd }, parseClaim(step.claim, `steps.${i}.claim`));
    } else {
      const original = results[step.of];
      if (!original) throw new Error(`step ${i} reverses unknown step ${step.of}`);
      r = reverseResult(original, state.balance);
    }
    results[i] = r;
    state = applyDelta(state, r.delta);
    return {
      setlinfo: formatSetlinfo(r.amounts),
      setldetail: formatSetldetail(r.funds),
      accumulatorsAfter: formatAccumulators(state),
    };
  });
}

/** One place where a vector's output differs from its `expected`: step, field path, both values. */
export interface VectorDifference {
  step: number;
  field: string;
  expected: unknown;
  actual: unknown;
}

/**
 * Compares a vector's output with its `expected`, field by field. `setlinfo` is compared on the
 * fields the vector states (SETTLEMENT.md section 4 lists them; an answer carries more); the
 * fund rows and the accumulators are compared whole.
 */
export function compareVector(expected: unknown[], actual: VectorStepOutput[]): VectorDifference[] {
  const out: VectorDifference[] = [];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const exp = expected[i] as Partial<VectorStepOutput> | undefined;
    const act = actual[i];
    if (!exp || !act) {
      out.push({
        step: i,
        field: "step",
        expected: exp ? "a step" : "none",
        actual: act ? "a step" : "none",
      });
      continue;
    }
    for (const [k, v] of Object.entries(exp.setlinfo ?? {}))
      if (act.setlinfo[k] !== v)
        out.push({ step: i, field: `setlinfo.${k}`, expected: v, actual: act.setlinfo[k] });
    const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (exp.setldetail && !sameJson(exp.setldetail, act.setldetail))
      out.push({ step: i, field: "setldetail", expected: exp.setldetail, actual: act.setldetail });
    for (const [k, v] of Object.entries(exp.accumulatorsAfter ?? {})) {
      const a = (act.accumulatorsAfter as Record<string, unknown>)[k];
      if (!sameJson(a, v)) out.push({ step: i, field: `accumulatorsAfter.${k}`, expected: v, actual: a });
    }
  }
  return out;
}
