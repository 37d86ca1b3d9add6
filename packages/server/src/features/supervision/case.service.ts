import { YibaoError, fieldError } from "@yibao/core/errors";
import { beijingYear } from "@yibao/core/time";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import {
  appendEvent,
  findCase,
  findingsByIds,
  insertCase,
  linkFindings,
  moveCase,
} from "./case.repository.ts";
import type { CaseStatus } from "./supervision.table.ts";

/**
 * Cases (案件): a case opens from findings of an audit job, a whistle-blower report (举报) or an
 * inspection; an auditor reviews it, the hospital explains or appeals (申诉), a supervisor decides:
 * a deduction (扣款), which the hospital's next liquidation statement lists with the case number,
 * or dismissal. Every step is an event (append-only) and an audit-log entry, in one transaction.
 */
type Row = NonNullable<Awaited<ReturnType<typeof findCase>>>;

async function step(
  trx: Executor,
  actor: Actor,
  c: Row,
  action: string,
  note: string,
  amount: bigint | null,
  at: Date,
  before?: unknown,
) {
  await appendEvent(trx, { caseId: c.id, action, login: actor.login, role: actor.role, note, amount, at });
  await recordAudit(trx, actor, {
    action: `supervision.case.${action}`,
    entity: "supervision_cases",
    entityId: c.id,
    before,
    after: { caseNo: c.case_no, status: c.status, amount },
  });
}

export async function openCaseFromFindings(
  db: Db,
  actor: Actor,
  input: { findingIds: bigint[]; summary: string; assignedTo?: string },
  now: Date,
) {
  const ids = [...new Set(input.findingIds)];
  return db.transaction().execute(async (trx) => {
    const found = await findingsByIds(trx, ids);
    const missing = ids.find((id) => !found.some((f) => f.id === id));
    if (missing !== undefined)
      throw new YibaoError("NOT_FOUND", `No finding ${missing}`, { field: "findingIds" });
    const taken = found.find((f) => f.case_id !== null || f.kind === "trial");
    if (taken) throw new YibaoError("SUP_FINDING_TAKEN", undefined, { findingId: String(taken.id) });
    const institutions = new Set(found.map((f) => f.institution_code));
    if (institutions.size > 1) throw fieldError("SUP_FINDINGS_MIXED", "findingIds");
    const c = await insertCase(
      trx,
      {
        source: "finding",
        institution_code: found[0]!.institution_code,
        summary: input.summary,
        amount_at_issue: found.reduce((s, f) => s + f.amount, 0n),
        assigned_to: input.assignedTo ?? null,
        created_by: actor.login,
      },
      Number(beijingYear(now)),
    );
    await linkFindings(trx, c.id, ids);
    await step(trx, actor, c, "opened", input.summary, c.amount_at_issue, now);
    return c;
  });
}

/** A whistle-blower report (举报) or a finding of an inspection enters as a case. */
export async function openCase(
  db: Db,
  actor: Actor,
  input: { source: "report" | "inspection"; institutionCode: string; summary: string; amount?: bigint },
  now: Date,
) {
  if (input.amount !== undefined && input.amount < 0n) throw fieldError("AMOUNT_NEGATIVE", "amount");
  return db.transaction().execute(async (trx) => {
    const inst = await trx
      .selectFrom("institutions")
      .select("code")
      .where("code", "=", input.institutionCode)
      .executeTakeFirst();
    if (!inst) throw new YibaoError("NOT_FOUND", "No such institution", { field: "institutionCode" });
    const c = await insertCase(
      trx,
      {
        source: input.source,
        institution_code: input.institutionCode,
        summary: input.summary,
        amount_at_issue: input.amount ?? 0n,
        assigned_to: null,
        created_by: actor.login,
      },
      Number(beijingYear(now)),
    );
    await step(trx, actor, c, "opened", input.summary, c.amount_at_issue, now);
    return c;
  });
}

/** The institution an actor is limited to (the institution role sees only its own cases). */
export const ownInstitution = (actor: Actor) =>
  actor.role === "institution" ? (actor.fixmedinsCode ?? "") : null;

async function move(
  db: Db,
  actor: Actor,
  id: bigint,
  from: CaseStatus[],
  set: Parameters<typeof moveCase>[3],
  event: { action: string; note: string; amount: bigint | null },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const own = ownInstitution(actor);
    const c = await moveCase(trx, id, from, set, now, own);
    if (!c) {
      const found = await findCase(trx, id);
      if (!found || (own !== null && found.institution_code !== own))
        throw new YibaoError("NOT_FOUND", `No case ${id}`, { field: "id" });
      throw new YibaoError("SUP_CASE_STATE", `Case ${found.case_no} is ${found.status}`, {
        status: found.status,
      });
    }
    await step(trx, actor, c, event.action, event.note, event.amount, now, { status: from });
    return c;
  });
}

/** The auditor's review (审核): the case goes to the hospital for its explanation. */
export const reviewCase = (
  db: Db,
  actor: Actor,
  id: bigint,
  input: { note: string; assignedTo?: string },
  now: Date,
) =>
  move(
    db,
    actor,
    id,
    ["open"],
    { status: "reviewed", ...(input.assignedTo ? { assigned_to: input.assignedTo } : {}) },
    { action: "reviewed", note: input.note, amount: null },
    now,
  );

/** The hospital's explanation (说明) or appeal (申诉), once, on its own case. */
export const answerCase = (
  db: Db,
  actor: Actor,
  id: bigint,
  input: { kind: "explanation" | "appeal"; note: string },
  now: Date,
) =>
  move(
    db,
    actor,
    id,
    ["reviewed"],
    { status: "answered" },
    { action: input.kind === "appeal" ? "appealed" : "explained", note: input.note, amount: null },
    now,
  );

/** The decision: a deduction from the next payment (at most the amount at issue, when there is one) or dismissal. */
export async function decideCase(
  db: Db,
  actor: Actor,
  id: bigint,
  input: { outcome: "deduct" | "dismiss"; amount?: bigint; note: string },
  now: Date,
) {
  if (input.outcome === "dismiss")
    return move(
      db,
      actor,
      id,
      ["reviewed", "answered"],
      { status: "dismissed" },
      { action: "dismissed", note: input.note, amount: null },
      now,
    );
  const amount = input.amount;
  if (amount === undefined || amount <= 0n)
    throw fieldError("AMOUNT_NEGATIVE", "amount", "a deduction is positive");
  const c = await findCase(db, id);
  if (c && c.amount_at_issue > 0n && amount > c.amount_at_issue)
    throw fieldError("FIELD_INVALID", "amount", "a deduction is at most the amount at issue");
  return move(
    db,
    actor,
    id,
    ["reviewed", "answered"],
    { status: "deducted", deduction: amount },
    { action: "deducted", note: input.note, amount },
    now,
  );
}
