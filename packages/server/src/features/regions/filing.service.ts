import { YibaoError } from "@yibao/core/errors";
import { type FilingState, filingStateOn, parseFilingRules, planFiling } from "@yibao/core/regions";
import { beijingDay } from "@yibao/core/time";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { requireRegionInScope, requireRowInScope } from "../platform/region-scope.ts";
import {
  type FilingView,
  findFiling,
  insertFiling,
  lockFilingPerson,
  overlappingFilings,
  poolingRegion,
  readFilingRules,
  updateFiling,
  upsertFilingRules,
} from "./filing.repository.ts";

/** Sets a pooling region's filing rules (validated whole, docs/regions.md); audited with before and after. */
export async function setFilingRules(db: Db, actor: Actor, region: string, document: unknown, now: Date) {
  const rules = parseFilingRules(document, "rules");
  return db.transaction().execute(async (trx) => {
    const pool = await poolingRegion(trx, region);
    if (pool !== region)
      throw new YibaoError("FILING_REGION_INVALID", `${region} is not a pooling region`, { field: "code" });
    await requireRegionInScope(trx, actor, region, "code");
    const before = await readFilingRules(trx, region);
    const row = await upsertFilingRules(trx, region, rules, actor.login, now);
    await recordAudit(trx, actor, {
      action: "filing-rules.set",
      entity: "filing_rules",
      entityId: region,
      before: before?.document ?? null,
      after: row.document,
    });
    return row;
  });
}

export interface NewFiling {
  psnNo: string;
  insutype: string;
  treatmentRegion: string;
  kind: string;
  validFrom: string;
  validTo?: string | null;
}

const personUnknown = (psnNo: string) =>
  new YibaoError("REG_PERSON_UNKNOWN", `No person ${psnNo}`, { field: "psnNo" });

/**
 * Files a person for treatment in another pooling region under the insured region's rules (who
 * may file, which kinds, from when, for how long; a commitment's documents due day). One live
 * filing per person and treatment region at a time. Audited.
 */
export async function createFiling(db: Db, actor: Actor, input: NewFiling, now: Date): Promise<FilingView> {
  return db.transaction().execute((trx) => fileInTransaction(trx, actor, input, now, null));
}

/**
 * createFiling inside the caller's transaction: an approved online application (features/services)
 * is filed here under the same rules, linked to the application.
 */
export async function fileInTransaction(
  trx: Executor,
  actor: Actor,
  input: NewFiling,
  now: Date,
  applicationId: bigint | null,
): Promise<FilingView> {
  {
    const who = await lockFilingPerson(trx, input.psnNo, input.insutype);
    if (!who) throw personUnknown(input.psnNo);
    if (!who.region_code || !who.insured_region)
      throw new YibaoError(
        "FILING_NOT_ALLOWED",
        `${input.psnNo} has no active enrolment in ${input.insutype}`,
        {
          field: "insutype",
        },
      );
    await requireRowInScope(trx, actor, who.region_code, () => personUnknown(input.psnNo));
    const treatment = await poolingRegion(trx, input.treatmentRegion);
    if (treatment === null || treatment === who.insured_region)
      throw new YibaoError(
        "FILING_REGION_INVALID",
        treatment === null
          ? `Region ${input.treatmentRegion} is unknown`
          : `Region ${input.treatmentRegion} is the person's own pooling region`,
        { field: "treatmentRegion" },
      );
    const rulesRow = await readFilingRules(trx, who.insured_region);
    if (!rulesRow)
      throw new YibaoError("FILING_RULES_MISSING", `Region ${who.insured_region} has no filing rules`, {
        field: "psnNo",
        insuredRegion: who.insured_region,
      });
    const period = planFiling(
      parseFilingRules(rulesRow.document),
      { ...input, validTo: input.validTo ?? null },
      beijingDay(now),
    );
    const clash = await overlappingFilings(trx, who.person_id, treatment, period.validFrom, period.validTo);
    if (clash.length > 0)
      throw new YibaoError(
        "FILING_OVERLAP",
        `Filing ${clash[0]!.filing_no} already covers part of the period`,
        {
          field: "validFrom",
          filingNo: clash[0]!.filing_no,
        },
      );
    const row = await insertFiling(trx, {
      person_id: who.person_id,
      insutype: input.insutype,
      insured_region: who.insured_region,
      treatment_region: treatment,
      kind: period.kind,
      valid_from: period.validFrom,
      valid_to: period.validTo,
      commitment_due: period.commitmentDue,
      proof_received_at: null,
      status: "active",
      revoked_reason: null,
      created_by: actor.login,
      created_at: now,
      application_id: applicationId,
    });
    await recordAudit(trx, actor, {
      action: "filing.create",
      entity: "filings",
      entityId: row.filing_no,
      after: row,
    });
    return { ...row, psn_no: input.psnNo, person_region: who.region_code };
  }
}

const filingUnknown = (no: string) =>
  new YibaoError("FILING_UNKNOWN", `No filing ${no}`, { field: "filingNo" });

/** A filing the operator may act on, locked; one outside their region is answered as unknown. */
async function ownFiling(trx: Executor, actor: Actor, no: string) {
  const f = await findFiling(trx, no, true);
  if (!f) throw filingUnknown(no);
  await requireRowInScope(trx, actor, f.person_region, () => filingUnknown(no));
  return f;
}

type Change = { kind: "proof" } | { kind: "revoke"; reason: string };

/**
 * A commitment filing's documents received (承诺制 fulfilled: it no longer lapses), or a filing
 * revoked (撤销备案: visits opened from now on are unfiled). Audited.
 */
export async function changeFiling(db: Db, actor: Actor, no: string, change: Change, now: Date) {
  return db.transaction().execute(async (trx) => {
    const f = await ownFiling(trx, actor, no);
    if (f.status !== "active")
      throw new YibaoError("FILING_STATE", `Filing ${no} is ${f.status}`, { field: "filingNo" });
    if (change.kind === "proof" && (f.kind !== "commitment" || f.proof_received_at !== null))
      throw new YibaoError("FILING_STATE", `Filing ${no} awaits no documents`, { field: "filingNo" });
    const set =
      change.kind === "proof"
        ? { proof_received_at: now }
        : { status: "revoked" as const, revoked_reason: change.reason };
    await updateFiling(trx, f.id, set);
    const after = { ...f, ...set };
    await recordAudit(trx, actor, {
      action: change.kind === "proof" ? "filing.proof" : "filing.revoke",
      entity: "filings",
      entityId: no,
      before: f,
      after,
    });
    return after;
  });
}

/** A filing's state on a day (core filingStateOn). */
export const stateOf = (f: FilingView, day: string): FilingState =>
  filingStateOn(
    {
      status: f.status,
      validFrom: f.valid_from,
      validTo: f.valid_to,
      commitmentDue: f.commitment_due,
      proofReceived: f.proof_received_at !== null,
    },
    day,
  );
