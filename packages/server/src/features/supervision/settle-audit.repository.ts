import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import { type Bound, statement } from "../../db/statement.ts";
import { type FeeLineRow, feeLinesOf } from "./visit-source.repository.ts";

/** A finding of the audit during settlement, as stored (amount in fen as text, lines as feedetl_sn). */
export interface SettleFindingRow {
  visit_id: string;
  mdtrt_id: string;
  institution_code: string;
  rule: string;
  rule_code: string;
  family: string;
  result: string;
  severity: string;
  lines: string[];
  amount: string;
  evidence: string;
  settle_action: "warn" | "hold";
  msgid: string | null;
}

/** The institution's kind and the visit's fee lines (refunds included), for the settlement audit. */
export async function settleAuditSource(
  ex: Executor,
  visitId: bigint,
  institutionCode: string,
): Promise<{ kind: "hospital" | "primary" | "pharmacy"; lines: FeeLineRow[] }> {
  const [inst, lines] = await Promise.all([
    ex
      .selectFrom("institutions")
      .select("kind")
      .where("code", "=", institutionCode)
      .executeTakeFirstOrThrow(),
    feeLinesOf(ex, [visitId]),
  ]);
  return { kind: inst.kind, lines };
}

const COLUMNS = `visit_id bigint, mdtrt_id text, institution_code text, rule text, rule_code text, family text,
  result text, severity text, lines jsonb, amount bigint, evidence text, settle_action text, msgid text`;
const INSERTED = sql.raw(
  "visit_id, mdtrt_id, institution_code, rule, rule_code, family, result, severity, lines, amount, evidence, settle_action, msgid",
);

/** A step of the settlement's guarded write: its warned findings land with it (stage during). */
export const SETTLE_FINDINGS = statement<{ rows: string }>(
  (p) => sql`insert into audit_findings (${INSERTED}, stage)
    select ${INSERTED}, 'during' from guard, jsonb_to_recordset(${p.rows}::jsonb) as f(${sql.raw(COLUMNS)})`,
);

export const settleFindingsStep = (rows: SettleFindingRow[]): Bound =>
  SETTLE_FINDINGS({ rows: JSON.stringify(rows) });

/** The findings of a held settlement, alone (the settlement is refused); once per msgid. */
export async function insertHeldFindings(ex: Executor, rows: SettleFindingRow[]) {
  await sql`insert into audit_findings (${INSERTED}, stage)
    select ${INSERTED}, 'during' from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as f(${sql.raw(COLUMNS)})
    on conflict do nothing`.execute(ex);
}
