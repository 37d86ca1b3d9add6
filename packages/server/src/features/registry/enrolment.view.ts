import type { Selectable } from "kysely";
import type { EnrolmentStatusHistoryTable, EnrolmentTable } from "./registry.table.ts";

/** An enrolment as the API shows it: its row with the ids as strings. */
export const enrolmentView = (e: Selectable<EnrolmentTable>) => ({
  ...e,
  id: String(e.id),
  person_id: String(e.person_id),
  employer_id: e.employer_id?.toString() ?? null,
});

/** One change of an enrolment's status (参保状态变更). */
export const statusChangeView = (h: Selectable<EnrolmentStatusHistoryTable>) => ({
  status: h.status,
  effective_date: h.effective_date,
  reason: h.reason,
  recorded_at: h.recorded_at,
});
