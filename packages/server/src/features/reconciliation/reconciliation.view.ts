import { fenToYuan } from "@yibao/core/money";
import { stringify } from "csv-stringify/sync";
import type { Figures, ReconciliationReport } from "./reconciliation.service.ts";

/** Figures as the report shows them: counts, and amounts in yuan named as setlinfo names them. */
export function figuresOut(f: Figures) {
  return {
    settlements: f.settlements,
    reversals: f.reversals,
    net_count: f.net_count,
    out_of_region: f.out_of_region,
    medfee_sumamt: fenToYuan(f.medfee),
    fund_pay_sumamt: fenToYuan(f.fund_pay),
    hifp_pay: fenToYuan(f.pool_pay),
    hifob_pay: fenToYuan(f.large_amount_pay),
    hifmi_pay: fenToYuan(f.ci_pay),
    maf_pay: fenToYuan(f.maf_pay),
    acct_pay: fenToYuan(f.account_pay),
    psn_cash_pay: fenToYuan(f.cash_pay),
  };
}

const totalsOut = (t: { count: number; medfee: string; fund: string; acct: string }) => ({
  count: t.count,
  medfee_sumamt: fenToYuan(BigInt(t.medfee)),
  fund_pay_sumamt: fenToYuan(BigInt(t.fund)),
  acct_pay: fenToYuan(BigInt(t.acct)),
});

export function reportOut(r: ReconciliationReport) {
  return {
    institution: r.institution,
    kind: r.kind,
    from: r.from,
    to: r.to,
    by_type: r.by_type.map((t) => ({ insutype: t.insutype, clr_type: t.clr_type, ...figuresOut(t) })),
    days: r.days.map((d) => ({ day: d.day, ...figuresOut(d) })),
    total: figuresOut(r.total),
    reconciliations: r.reconciliations.map((c) => ({
      infno: c.infno,
      msgid: c.msgid,
      begin_date: c.begin_date,
      end_date: c.end_date,
      insutype: c.insutype,
      clr_type: c.clr_type,
      consistent: c.consistent,
      ours: totalsOut(c.ours),
      theirs: totalsOut(c.theirs),
      differences: c.differences.map(differenceOut),
      created_at: c.created_at,
    })),
  };
}

/** A stored difference: 3202 {setl_id, outcome, fields}; 3201 a field name. */
function differenceOut(d: unknown) {
  if (typeof d === "string") return { setl_id: null, dif_type: "totals", dif_fields: [d] };
  const o = d as { setl_id: string; outcome: string; fields: string[] };
  return { setl_id: o.setl_id, dif_type: o.outcome, dif_fields: o.fields };
}

export const CSV_COLUMNS = [
  "section", // by_type | day | total | reconciliation
  "insutype",
  "clr_type",
  "day", // a day, or a reconciliation's period (from..to)
  "settlements",
  "reversals",
  "net_count",
  "out_of_region",
  "medfee_sumamt",
  "fund_pay_sumamt",
  "hifp_pay",
  "hifob_pay",
  "hifmi_pay",
  "maf_pay",
  "acct_pay",
  "psn_cash_pay",
  "note",
] as const;

/** The report as one CSV table: the figure rows, the total, then one row per reconciliation. */
export function reportCsv(r: ReconciliationReport): string {
  const figures = (f: Figures) => Object.values(figuresOut(f)).map(String);
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const t of r.by_type) rows.push(["by_type", t.insutype, t.clr_type, "", ...figures(t), ""]);
  for (const d of r.days) rows.push(["day", "", "", d.day, ...figures(d), ""]);
  rows.push(["total", "", "", `${r.from}..${r.to}`, ...figures(r.total), ""]);
  for (const c of r.reconciliations) {
    const diffs = c.differences.map(differenceOut);
    const note = c.consistent
      ? `${c.infno} ${c.msgid}: consistent`
      : `${c.infno} ${c.msgid}: ${diffs
          .map((d) =>
            d.setl_id
              ? `${d.setl_id} ${d.dif_type}${d.dif_fields.length ? ` (${d.dif_fields.join(" ")})` : ""}`
              : d.dif_fields.join(" "),
          )
          .join("; ")}`;
    rows.push([
      "reconciliation",
      c.insutype ?? "",
      c.clr_type ?? "",
      `${c.begin_date}..${c.end_date}`,
      ...Array(12).fill(""),
      note,
    ]);
  }
  return stringify(rows);
}
