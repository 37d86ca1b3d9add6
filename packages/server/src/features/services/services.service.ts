import { createHash } from "node:crypto";
import { YibaoError, fieldError } from "@yibao/core/errors";
import { maskIdNumber, maskName, maskPhone, maskText } from "@yibao/core/pii";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { requireRowInScope } from "../platform/region-scope.ts";
import { type FilingRow, poolingRegion } from "../regions/filing.repository.ts";
import { fileInTransaction } from "../regions/filing.service.ts";
import { type Citizen, citizenActor } from "../selfservice/citizen-login.ts";
import {
  type ApplicationRow,
  activeInsutypeOf,
  applicationParts,
  countAttachments,
  findApplication,
  findItem,
  insertApplication,
  insertAttachment,
  insertEvent,
  insertRating,
  setDecision,
} from "./services.repository.ts";
import type { FilingType } from "./services.table.ts";

/** What an applicant fills in; which fields an item needs is checked here (REQUIRED). */
export interface ApplicationForm {
  treatmentRegion?: string;
  filingType?: FilingType;
  validFrom?: string;
  validTo?: string;
  toRegion?: string;
  invoiceNo?: string;
  institutionCode?: string;
  amount?: string;
  billDate?: string;
  diseaseCode?: string;
  diseaseName?: string;
  hospital?: string;
  eventDate?: string;
  insutype?: string;
  reason?: string;
  phone?: string;
}

const REQUIRED: Record<string, (keyof ApplicationForm)[]> = {
  out_of_region_filing: ["treatmentRegion", "filingType", "validFrom"],
  transfer: ["toRegion"],
  manual_reimbursement: ["invoiceNo", "institutionCode", "amount", "billDate"],
  chronic_disease: ["diseaseName", "hospital"],
  maternity: ["eventDate", "hospital"],
  enrolment: ["insutype"],
  employer_enrolment: ["reason"],
};

const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

function checkForm(itemCode: string, form: ApplicationForm) {
  for (const f of REQUIRED[itemCode] ?? [])
    if (form[f] === undefined || form[f] === "") throw fieldError("FIELD_REQUIRED", `form.${f}`);
}

/** The online form's filing types as the regions feature's kinds (异地安置 and 长期居住 are both 'resident'). */
const KIND_OF: Record<FilingType, string> = {
  resettled: "resident",
  long_term_resident: "resident",
  referral: "referral",
  temporary: "temporary",
  commitment: "commitment",
};

/** A form's field as the regions feature names it, as the application names it (`form.x`). */
const FORM_FIELD: Record<string, string> = {
  treatmentRegion: "form.treatmentRegion",
  kind: "form.filingType",
  validFrom: "form.validFrom",
  validTo: "form.validTo",
  insutype: "form.insutype",
  psnNo: "id",
};

/**
 * An approved online out-of-region application filed as a settlement filing (features/regions,
 * the insured region's rules, FILING_OVERLAP, 承诺制 and its due day), in the decision's
 * transaction; a refusal names the form's field and leaves nothing written.
 */
async function fileApproved(trx: Executor, actor: Actor, a: NonNullable<ApplicationRow>, now: Date) {
  const form = a.form as ApplicationForm;
  const insutype = form.insutype ?? (await activeInsutypeOf(trx, a.person_id!)) ?? "";
  try {
    await fileInTransaction(
      trx,
      actor,
      {
        psnNo: a.psn_no!,
        insutype,
        treatmentRegion: form.treatmentRegion!,
        kind: KIND_OF[form.filingType!] ?? String(form.filingType),
        validFrom: form.validFrom!,
        validTo: form.validTo ?? null,
      },
      now,
      a.id,
    );
  } catch (e) {
    const field = e instanceof YibaoError ? e.details?.field : undefined;
    if (e instanceof YibaoError && typeof field === "string" && FORM_FIELD[field])
      throw new YibaoError(e.code, e.message, { ...e.details, field: FORM_FIELD[field] });
    throw e;
  }
}

/**
 * The treatment region of an out-of-region application is one this deployment knows and not the
 * applicant's own pooling region: refused when applying, not days later at the operator's approval
 * (the approval checks again under the filing rules, fileInTransaction).
 */
async function checkTreatmentRegion(db: Db, c: Citizen, treatmentRegion: string) {
  const [treatment, own] = await Promise.all([
    poolingRegion(db, treatmentRegion),
    c.regionCode ? poolingRegion(db, c.regionCode) : null,
  ]);
  if (treatment === null)
    throw new YibaoError("FILING_REGION_INVALID", `Region ${treatmentRegion} is unknown`, {
      field: "form.treatmentRegion",
    });
  if (treatment === own)
    throw new YibaoError(
      "FILING_REGION_INVALID",
      `Region ${treatmentRegion} is the applicant's own pooling region`,
      { field: "form.treatmentRegion" },
    );
}

/** An insured person or employer applies for an item online (an out-of-region filing is filed on approval). */
export async function apply(
  db: Db,
  c: Citizen,
  input: { itemCode: string; form: ApplicationForm },
  now: Date,
  requestId?: string,
) {
  const item = await findItem(db, input.itemCode);
  if (!item) throw fieldError("SERVICE_ITEM_UNKNOWN", "itemCode");
  if (!item.online || item.applicant !== c.kind) throw fieldError("SERVICE_ITEM_OFFLINE", "itemCode");
  checkForm(item.code, input.form);
  if (item.code === "out_of_region_filing") await checkTreatmentRegion(db, c, input.form.treatmentRegion!);
  return db.transaction().execute(async (trx) => {
    const { id } = await insertApplication(trx, {
      itemCode: item.code,
      personId: c.personId,
      employerId: c.employerId,
      regionCode: c.regionCode,
      form: { ...input.form },
      now,
      dueAt: new Date(now.getTime() + item.time_limit_days * 86_400_000),
    });
    await insertEvent(trx, { applicationId: id, at: now, status: "submitted", actor: "applicant" });
    await recordAudit(trx, citizenActor(c.label, c.kind, requestId), {
      action: "service.apply",
      entity: "service_applications",
      entityId: id,
      after: { itemCode: item.code },
    });
    return id;
  });
}

const notFound = () => new YibaoError("SERVICE_APPLICATION_UNKNOWN", undefined, { field: "id" });

/**
 * An operator approves or rejects an application of their region, once. Approving an
 * out-of-region filing application files it (fileApproved) in the same transaction; rejecting it
 * files nothing.
 */
export async function decide(
  db: Db,
  actor: Actor,
  id: bigint,
  input: { decision: "approve" | "reject"; note?: string },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const a = await findApplication(trx, id, true);
    if (!a) throw notFound();
    await requireRowInScope(trx, actor, a.region_code, notFound);
    if (a.status !== "submitted") throw fieldError("SERVICE_APPLICATION_DECIDED", "id");
    const status = input.decision === "approve" ? "approved" : "rejected";
    const note = input.note?.trim() || null;
    if (status === "rejected" && !note) throw fieldError("FIELD_REQUIRED", "note");
    await setDecision(trx, id, { status, at: now, operatorId: actor.operatorId, note });
    if (a.item_code === "out_of_region_filing" && status === "approved")
      await fileApproved(trx, actor, a, now);
    await insertEvent(trx, { applicationId: id, at: now, status, actor: actor.login, note });
    await recordAudit(trx, actor, {
      action: `service.${status === "approved" ? "approve" : "reject"}`,
      entity: "service_applications",
      entityId: id,
      before: { status: a.status },
      after: { status, note },
    });
    return status;
  });
}

/** The applicant's own application, or SERVICE_APPLICATION_UNKNOWN (also for someone else's). */
export async function ownApplication(ex: Executor, c: Citizen, id: bigint, lock = false) {
  const a = await findApplication(ex, id, lock);
  const mine = a && (c.kind === "insured" ? a.person_id === c.personId : a.employer_id === c.employerId);
  if (!a || !mine) throw notFound();
  return a;
}

/** 好差评: the applicant rates a decided application once, 1 (非常不满意) to 5 (非常满意). */
export async function rate(
  db: Db,
  c: Citizen,
  id: bigint,
  input: { score: number; comment?: string },
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    const a = await ownApplication(trx, c, id, true);
    if (a.status === "submitted") throw fieldError("SERVICE_NOT_DECIDED", "id");
    const { rating } = await applicationParts(trx, id);
    if (rating) throw fieldError("SERVICE_ALREADY_RATED", "id");
    await insertRating(trx, {
      applicationId: id,
      score: input.score,
      comment: input.comment ?? null,
      at: now,
    });
  });
}

/** What a file is by its first bytes (never by what the client says it is). */
export function sniff(data: Buffer): "image/jpeg" | "image/png" | "application/pdf" | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "image/jpeg";
  if (
    data.length >= 8 &&
    data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return "image/png";
  if (data.length >= 5 && data.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  return null;
}

/** An invoice image (or PDF) for an undecided application of the applicant's: at most 5, each up to 2 MiB. */
export async function attach(db: Db, c: Citizen, id: bigint, data: Buffer, now: Date) {
  const type = sniff(data);
  if (!type || data.length > MAX_ATTACHMENT_BYTES) throw fieldError("SERVICE_ATTACHMENT_INVALID", "body");
  return db.transaction().execute(async (trx) => {
    const a = await ownApplication(trx, c, id, true);
    if (a.status !== "submitted" || (await countAttachments(trx, id)) >= MAX_ATTACHMENTS)
      throw fieldError("SERVICE_ATTACHMENT_LIMIT", "id");
    const sha256 = createHash("sha256").update(data).digest("hex");
    return insertAttachment(trx, { applicationId: id, contentType: type, data, sha256, at: now });
  });
}

/**
 * An application as answers show it. Unless `clear` (a role that may see personal data,
 * `canSeePii`): the applicant's name and ID number masked as persons are (person.view.ts), the
 * contact phone in the form masked, and ID numbers or phones written into free text (the form's
 * reason, the notes) masked as in logs.
 */
export async function applicationView(
  ex: Executor,
  a: NonNullable<ApplicationRow>,
  clear: boolean,
  now: Date,
) {
  const parts = await applicationParts(ex, a.id);
  return {
    ...applicationSummary(a, clear, now),
    form: clear ? a.form : maskForm(a.form),
    decisionNote: clear || a.decision_note === null ? a.decision_note : maskText(a.decision_note),
    decidedBy: a.decided_by,
    events: parts.events.map((e) => ({
      at: e.at.toISOString(),
      status: e.status,
      actor: e.actor,
      note: clear || e.note === null ? e.note : maskText(e.note),
    })),
    attachments: parts.attachments.map((x) => ({
      id: String(x.id),
      contentType: x.content_type,
      size: x.size,
      uploadedAt: x.uploaded_at.toISOString(),
    })),
    rating: parts.rating
      ? {
          score: parts.rating.score,
          comment: parts.rating.comment,
          ratedAt: parts.rating.rated_at.toISOString(),
        }
      : null,
    filing: parts.filing ? filingView(parts.filing) : null,
  };
}

/** An application's form for a role that may not see personal data: the phone masked, text scanned. */
function maskForm(form: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(form).map(([k, v]) => [
      k,
      typeof v !== "string" ? v : k === "phone" ? maskPhone(v) : maskText(v),
    ]),
  );
}

export function applicationSummary(a: NonNullable<ApplicationRow>, clear: boolean, now: Date) {
  return {
    id: String(a.id),
    itemCode: a.item_code,
    itemName: a.item_name,
    itemNameEn: a.item_name_en,
    status: a.status,
    regionCode: a.region_code,
    submittedAt: a.submitted_at.toISOString(),
    dueAt: a.due_at.toISOString(),
    overdue: a.status === "submitted" && a.due_at < now,
    decidedAt: a.decided_at?.toISOString() ?? null,
    applicant: {
      kind: a.person_id !== null ? "insured" : "employer",
      psnNo: a.psn_no,
      name: a.person_name === null ? a.employer_name : clear ? a.person_name : maskName(a.person_name),
      certno: a.certno === null ? null : clear ? a.certno : maskIdNumber(a.certno),
      uscc: a.uscc,
    },
  };
}

/** A filing (features/regions' `filings`) as the services and self-service answers show it. */
export function filingView(f: FilingRow) {
  return {
    id: String(f.id),
    filingNo: f.filing_no,
    insuredRegion: f.insured_region,
    treatmentRegion: f.treatment_region,
    filingType: f.kind,
    validFrom: f.valid_from,
    validTo: f.valid_to,
    commitmentDue: f.commitment_due,
    status: f.status,
    applicationId: f.application_id === null ? null : String(f.application_id),
    createdAt: f.created_at.toISOString(),
    decidedAt: f.created_at.toISOString(),
  };
}
