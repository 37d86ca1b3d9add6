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
