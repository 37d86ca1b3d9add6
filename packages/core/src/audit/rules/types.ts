import type { Fen } from "../../money/index.ts";
import type { VisitContext } from "../context.ts";

/** Reports one finding: the cited lines (indices, any order), the amount at issue, why. */
export type Emit = (lines: readonly number[], amount: Fen, evidence: string) => void;

/** A rule's logic. What the finding is called and how it is rated comes from rules.csv. */
export type RuleCheck = (ctx: VisitContext, emit: Emit) => void;
