/**
 * 3202 detail reconciliation (明细对账): the institution's list of settlements for a period
 * against ours, matched by setl_id. Amounts are fen; a reversal (refd_setl_flag 1) is a
 * settlement of its own with negated amounts, so the totals net it.
 */
export interface DetailEntry {
  setl_id: string;
  mdtrt_id: string;
  psn_no: string;
  medfee: bigint;
  fund: bigint;
  acct: bigint;
  /** "0" a settlement, "1" a reversal (退费/冲正 settlement) */
  refd_setl_flag: string;
}

/** The fields compared, by their national names, and how to read each from an entry. */
export const DETAIL_FIELDS = {
  mdtrt_id: (e: DetailEntry) => e.mdtrt_id,
  psn_no: (e: DetailEntry) => e.psn_no,
  medfee_sumamt: (e: DetailEntry) => e.medfee,
  fund_pay_sumamt: (e: DetailEntry) => e.fund,
  acct_pay: (e: DetailEntry) => e.acct,
  refd_setl_flag: (e: DetailEntry) => e.refd_setl_flag,
} as const;
export type DetailField = keyof typeof DETAIL_FIELDS;

/** match; only theirs (missing on our side); only ours (missing on theirs); both, fields differ. */
export type DetailOutcome = "match" | "missing_ours" | "missing_theirs" | "differs";

export interface DetailLine {
  setl_id: string;
  outcome: DetailOutcome;
  fields: DetailField[];
  ours: DetailEntry | null;
  theirs: DetailEntry | null;
}

export interface DetailTotals {
  /** settlements minus reversals */
  count: number;
  medfee: bigint;
  fund: bigint;
  acct: bigint;
}

export interface DetailReconciliation {
  lines: DetailLine[];
  ours: DetailTotals;
  theirs: DetailTotals;
  /** lines per outcome */
  counts: Record<DetailOutcome, number>;
}

function totals(entries: DetailEntry[]): DetailTotals {
  const t: DetailTotals = { count: 0, medfee: 0n, fund: 0n, acct: 0n };
  for (const e of entries) {
    t.count += e.refd_setl_flag === "1" ? -1 : 1;
    t.medfee += e.medfee;
    t.fund += e.fund;
    t.acct += e.acct;
  }
  return t;
}

/**
 * Matches the two lists by setl_id: every settlement of either side is one line, in the order of
 * their list, then ours that they did not send (by our order). setl_ids must be unique per side.
 */
export function reconcileDetail(ours: DetailEntry[], theirs: DetailEntry[]): DetailReconciliation {
  const byId = new Map(ours.map((e) => [e.setl_id, e]));
  const seen = new Set<string>();
  const lines: DetailLine[] = [];
  for (const t of theirs) {
    const o = byId.get(t.setl_id);
    if (!o) {
      lines.push({ setl_id: t.setl_id, outcome: "missing_ours", fields: [], ours: null, theirs: t });
      continue;
    }
    seen.add(t.setl_id);
    const fields = (Object.keys(DETAIL_FIELDS) as DetailField[]).filter(
      (f) => DETAIL_FIELDS[f](o) !== DETAIL_FIELDS[f](t),
    );
    lines.push({
      setl_id: t.setl_id,
      outcome: fields.length ? "differs" : "match",
      fields,
      ours: o,
      theirs: t,
    });
  }
  for (const o of ours)
    if (!seen.has(o.setl_id))
      lines.push({ setl_id: o.setl_id, outcome: "missing_theirs", fields: [], ours: o, theirs: null });
  const counts: Record<DetailOutcome, number> = { match: 0, missing_ours: 0, missing_theirs: 0, differs: 0 };
  for (const l of lines) counts[l.outcome]++;
  return { lines, ours: totals(ours), theirs: totals(theirs), counts };
}

/** Consistent when every line matches (the totals then agree too). */
export const isConsistent = (r: DetailReconciliation) => r.lines.every((l) => l.outcome === "match");
