import type { Fen } from "../money/index.ts";

/**
 * Credit (信用评价) from confirmed supervision cases: each subject (an institution, a doctor under
 * the 医保医师 points system 积分制, an insured person) starts the year with `start` points and loses
 * points for each case decided against it, more for a larger amount; dismissed cases cost nothing.
 * The history is one entry per case in decision order; a subject whose score falls below the
 * threshold is flagged (for institutions: agreement review, 协议管理).
 */
export interface CreditRules {
  start: number;
  perCase: number; // points every confirmed case costs
  perAmount: { from: Fen; points: number }[]; // extra points when the deduction reaches `from`
  threshold: number; // flagged below this
}

export const INSTITUTION_CREDIT: CreditRules = {
  start: 1000,
  perCase: 20,
  perAmount: [
    { from: 1_000_000n, points: 30 }, // 10,000 yuan
    { from: 10_000_000n, points: 100 }, // 100,000 yuan
  ],
  threshold: 800,
};

/** 医保医师 积分: 12 points a year, like a driving licence. */
export const DOCTOR_CREDIT: CreditRules = {
  start: 12,
  perCase: 2,
  perAmount: [{ from: 500_000n, points: 4 }],
  threshold: 3,
};

/**
 * Insured persons' credit: 100 points a year; a deducted case whose findings concern the person
 * (card lending, repeated purchases, fabricated visits) costs 10, 20 more from 10,000 yuan of the
 * person's findings; under 60 the person is flagged for closer review (重点监控).
 */
export const PERSON_CREDIT: CreditRules = {
  start: 100,
  perCase: 10,
  perAmount: [{ from: 1_000_000n, points: 20 }],
  threshold: 60,
};

export interface ConfirmedCase {
  subject: string;
  caseNo: string;
  decidedAt: string; // ISO time, orders the history
  deduction: Fen;
}

export interface CreditScore {
  subject: string;
  score: number;
  flagged: boolean;
  history: { caseNo: string; at: string; delta: number; score: number }[];
}

export function caseCost(rules: CreditRules, deduction: Fen): number {
  return rules.perCase + rules.perAmount.filter((b) => deduction >= b.from).reduce((s, b) => s + b.points, 0);
}

/** Scores of every subject named by a case, by subject; a subject without cases keeps `start`. */
export function creditScores(rules: CreditRules, cases: readonly ConfirmedCase[]): CreditScore[] {
  const bySubject = new Map<string, ConfirmedCase[]>();
  for (const c of cases) bySubject.set(c.subject, [...(bySubject.get(c.subject) ?? []), c]);
  return [...bySubject.keys()].sort().map((subject) => {
    let score = rules.start;
    const ordered = [...bySubject.get(subject)!].sort((a, b) =>
      a.decidedAt === b.decidedAt ? (a.caseNo < b.caseNo ? -1 : 1) : a.decidedAt < b.decidedAt ? -1 : 1,
    );
    const history = ordered.map((c) => {
      const delta = -caseCost(rules, c.deduction);
      score = Math.max(0, score + delta);
      return { caseNo: c.caseNo, at: c.decidedAt, delta, score };
    });
    return { subject, score, flagged: score < rules.threshold, history };
  });
}
