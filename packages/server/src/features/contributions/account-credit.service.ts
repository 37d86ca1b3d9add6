import { fieldError } from "@yibao/core/errors";
import type { Db } from "../../db/database.ts";
import { postAccountEntry } from "../registry/account.repository.ts";
import { MONTH_RE } from "./contribution-period.ts";
import { creditsDue, insertCredit } from "./contribution.repository.ts";

/**
 * Credits personal accounts (个人账户划入) for a month: every fully paid employee/retiree
 * assessment of the month whose net credit is zero. Batches commit one by one, so an
 * interrupted run resumes.
 */
export async function creditAccounts(
  db: Db,
  month: string,
  progress: (done: number, total: number) => void = () => {},
) {
  if (!MONTH_RE.test(month)) throw fieldError("CONTRIB_PERIOD_INVALID", "month");
  const due = await creditsDue(db, month);
  let done = 0;
  for (let i = 0; i < due.length; i += 500) {
    await db.transaction().execute(async (trx) => {
      for (const a of due.slice(i, i + 500)) {
        await postAccountEntry(trx, {
          personId: a.person_id,
          amount: a.account_credit,
          kind: "contribution_credit",
          refType: "assessment",
          refId: String(a.id),
        });
        await insertCredit(trx, {
          assessmentId: a.id,
          personId: a.person_id,
          month,
          amount: a.account_credit,
        });
      }
    });
    done = Math.min(i + 500, due.length);
    progress(done, due.length);
  }
  return { month, credited: done };
}
