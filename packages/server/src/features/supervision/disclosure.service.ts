import { YibaoError, fieldError } from "@yibao/core/errors";
import { maskText } from "@yibao/core/pii";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { findCase } from "./case.repository.ts";
import { insertDisclosure, latestDisclosure } from "./disclosure.repository.ts";

/**
 * Public disclosure of typical cases (典型案例曝光): a supervisor discloses a case decided as a
 * deduction with a summary written for the public; a withdrawal is a new entry. The public list
 * names the institution, never a person: a summary with an ID, phone or person number in it is
 * refused (names the supervisor must leave out: docs/supervision.md).
 */
const PERSON_NUMBER = /\d{15,}/;

function publicSummary(text: string) {
  const summary = text.trim();
  if (summary === "") throw fieldError("FIELD_REQUIRED", "summary");
  if (maskText(summary) !== summary || PERSON_NUMBER.test(summary))
    throw fieldError(
      "FIELD_INVALID",
      "summary",
      "a public summary names no person: no ID, phone or person number",
    );
  return summary;
}

export async function setDisclosure(
  db: Db,
  actor: Actor,
  caseId: bigint,
  input: { action: "disclose" | "withdraw"; summary: string },
  now: Date,
) {
  const summary = publicSummary(input.summary);
  return db.transaction().execute(async (trx) => {
    // the case row locked first: two changes of one case's disclosure take turns
    await trx.selectFrom("supervision_cases").select("id").where("id", "=", caseId).forUpdate().execute();
    const c = await findCase(trx, caseId);
    if (!c) throw new YibaoError("NOT_FOUND", `No case ${caseId}`, { field: "id" });
    if (input.action === "disclose" && c.status !== "deducted")
      throw new YibaoError(
        "SUP_CASE_STATE",
        `Case ${c.case_no} is ${c.status}: only a deduction is disclosed`,
        {
          status: c.status,
        },
      );
    const latest = await latestDisclosure(trx, caseId);
    const disclosed = latest?.action === "disclose";
    if (disclosed === (input.action === "disclose"))
      throw new YibaoError(
        "CONFLICT",
        disclosed ? `Case ${c.case_no} is disclosed` : `Case ${c.case_no} is not disclosed`,
        { field: "action" },
      );
    await insertDisclosure(trx, { caseId, action: input.action, summary, by: actor.login, at: now });
    await recordAudit(trx, actor, {
      action: `supervision.case.${input.action}`,
      entity: "supervision_cases",
      entityId: caseId,
      after: { caseNo: c.case_no, summary },
    });
    return { caseNo: c.case_no, action: input.action, at: now };
  });
}
