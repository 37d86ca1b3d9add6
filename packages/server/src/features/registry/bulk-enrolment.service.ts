import type { Selectable } from "kysely";
import { YibaoError, fieldError, isYibaoError } from "@yibao/core/errors";
import { checkPsnType, parseCertno } from "@yibao/core/registry";
import { type Actor, type AuditEntry, recordAudits } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { regionScope, inScope } from "../platform/region-scope.ts";
import type { AccountEntry } from "./account.repository.ts";
import {
  appendStatuses,
  certnosTaken,
  enrolmentsById,
  insertEnrolments,
  insertPersons,
  knownRegions,
  liveBasicEnrolments,
  lockAccounts,
  personsByPsnNo,
  postAccountEntries,
  setStatuses,
} from "./bulk-enrolment.repository.ts";
import {
  ENROLMENT_REASON,
  type NewEnrolment,
  checkDate,
  checkStatusChange,
  duplicateEnrolment,
  enrolmentCreated,
  enrolmentValues,
  monthsBetween,
  statusChanged,
  statusValues,
  transferReason,
} from "./enrolment.service.ts";
import {
  type NewPerson,
  personCreated,
  personExists,
  personValues,
  unknownPerson,
} from "./person.service.ts";
import { nextPersonIds } from "./registry.repository.ts";
import type { EnrolmentStatus, EnrolmentTable } from "./registry.table.ts";

/**
 * Many births, terminations and transfers at once (the simulator's month of life events): the
 * same checks as enrolNewborn, changeStatus and transfer (enrolment.service.ts), the same rows and
 * the same audit entries, one entry per row changed as the services write them; but each kind in
 * one transaction, read and written a table at a time. A newborn or termination the service would
 * refuse refuses the whole call with its code; a transfer the service would refuse is left out
 * (nothing of it written) and answered with its error, as a failed transfer leaves nothing.
 */

const regionUnknown = (field: string, code: string) =>
  fieldError("REG_REGION_UNKNOWN", field, `region ${code} is not a known pooling region`);

async function requireRegions(ex: Executor, codes: string[], field: string) {
  const known = await knownRegions(ex, codes);
  for (const c of codes) if (!known.has(c)) throw regionUnknown(field, c);
}

type Enrolment = Selectable<EnrolmentTable>;

/** What a new enrolment writes once checked: its row, its first status entry, its audit entry. */
async function writeEnrolments(
  trx: Executor,
  actor: Actor,
  planned: { personId: bigint; input: NewEnrolment }[],
) {
  const rows = await insertEnrolments(
    trx,
    planned.map((p) => enrolmentValues(p.personId, p.input, null)),
  );
  await appendStatuses(
    trx,
    rows.map((r) => ({
      enrolment_id: r.id,
      status: "active" as const,
      effective_date: r.start_date,
      reason: ENROLMENT_REASON,
      operator_id: actor.operatorId,
    })),
  );
  return rows;
}

/** 新生儿参保 for many newborns (enrolNewborn): registered, enrolled 390/1401, linked to a parent. */
export async function enrolNewborns(
  db: Db,
  actor: Actor,
  births: {
    parentPsnNo: string;
    child: Omit<NewPerson, "parentPersonId" | "regionCode"> & { startDate: string };
  }[],
  today: string,
) {
  if (births.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const scope = await regionScope(trx, actor);
    const parents = new Map(
      (
        await personsByPsnNo(
          trx,
          births.map((b) => b.parentPsnNo),
        )
      ).map((p) => [p.psn_no, p]),
    );
    const planned = births.map((b) => {
      const parent = parents.get(b.parentPsnNo);
      if (!parent)
        throw new YibaoError("REG_PERSON_UNKNOWN", `No parent ${b.parentPsnNo}`, { field: "parentPsnNo" });
      if (!inScope(scope, parent.region_code)) throw unknownPerson(b.parentPsnNo, "parentPsnNo")();
      const input: NewPerson = {
        ...b.child,
        regionCode: parent.region_code,
        householdNo: b.child.householdNo ?? parent.household_no,
        parentPersonId: parent.id,
      };
      return { input, info: parseCertno(input.certno, "certno", today), startDate: b.child.startDate };
    });
    await requireRegions(trx, [...new Set(planned.map((p) => p.input.regionCode))], "regionCode");
    const taken = await certnosTaken(
      trx,
      planned.map((p) => p.info.certno),
    );
    const seen = new Set<string>();
    for (const p of planned) {
      if (taken.has(p.info.certno) || seen.has(p.info.certno)) throw personExists(p.info.certno);
      seen.add(p.info.certno);
    }
    const ids = await nextPersonIds(trx, planned.length);
    const persons = await insertPersons(
      trx,
      planned.map((p, k) => personValues(ids[k]!, p.input, p.info)),
    );
    const enrolments = persons.map((person, k) => {
      const start = planned[k]!.startDate;
      const input: NewEnrolment = {
        psnNo: person.psn_no,
        insutype: "390",
        psnType: "1401",
        regionCode: person.region_code,
        startDate: start < person.birth_date ? person.birth_date : start,
      };
      checkDate(input.startDate, "startDate");
      checkPsnType(input.insutype, input.psnType, person.birth_date, input.startDate);
      return { personId: person.id, input };
    });
    // a person registered just now has no enrolment: the one-at-a-time check would find none
    const rows = await writeEnrolments(trx, actor, enrolments);
    await recordAudits(
      trx,
      actor,
      persons.flatMap((person, k): AuditEntry[] => [personCreated(person), enrolmentCreated(rows[k]!)]),
    );
    return persons.map((person, k) => ({ person, enrolment: rows[k]! }));
  });
}

/** 终止 of many enrolments (changeStatus to terminated), each with its date and reason. */
export async function terminateEnrolments(
  db: Db,
  actor: Actor,
  items: { enrolmentId: bigint; effectiveDate: string; reason: string | null }[],
) {
  if (items.length === 0) return [];
  for (const it of items) checkDate(it.effectiveDate, "effectiveDate");
  return db.transaction().execute(async (trx) => {
    const scope = await regionScope(trx, actor);
    const before = new Map(
      (
        await enrolmentsById(
          trx,
          items.map((i) => i.enrolmentId),
        )
      ).map((e) => [String(e.id), e]),
    );
    const status: EnrolmentStatus = "terminated";
    const changes = items.map((it) => {
      const e = before.get(String(it.enrolmentId));
      if (!e || !inScope(scope, e.region_code))
        throw new YibaoError("REG_ENROLMENT_UNKNOWN", `No enrolment ${it.enrolmentId}`, { field: "id" });
      checkStatusChange(e, status, it.effectiveDate);
      return { id: e.id, ...statusValues(status, it.effectiveDate) };
    });
    if (new Set(changes.map((c) => String(c.id))).size !== changes.length)
      throw new YibaoError("REG_STATUS_TRANSITION", "An enrolment cannot be terminated twice", {
        field: "status",
      });
    const after = new Map((await setStatuses(trx, changes)).map((e) => [String(e.id), e]));
    await appendStatuses(
      trx,
      items.map((it) => ({
        enrolment_id: it.enrolmentId,
        status,
        effective_date: it.effectiveDate,
        reason: it.reason,
        operator_id: actor.operatorId,
      })),
    );
    await recordAudits(
      trx,
      actor,
      items.map((it) => {
        const key = String(it.enrolmentId);
        return statusChanged(before.get(key)!, after.get(key), status);
      }),
    );
    return items.map((it) => after.get(String(it.enrolmentId))!);
  });
}

export type TransferOutcome =
  | { ok: true; terminated: bigint; enrolment: Enrolment; carriedMonths: number }
  | { ok: false; error: YibaoError };

/**
 * 转移接续 of many persons (transfer): each ends its live basic enrolment and opens one in the new
 * region carrying the contribution months, the account balance moving out and in. A person named
 * twice is transferred twice, in order (the second from the enrolment the first opened).
 */
export async function transferPersons(
  db: Db,
  actor: Actor,
  items: { psnNo: string; toRegion: string; date: string }[],
): Promise<TransferOutcome[]> {
  const out: TransferOutcome[] = new Array(items.length);
  // rounds in which each person appears once: a later transfer of a person reads the earlier's result
  const rounds: number[][] = [];
  const count = new Map<string, number>();
  items.forEach((it, k) => {
    const n = count.get(it.psnNo) ?? 0;
    count.set(it.psnNo, n + 1);
    if (n === rounds.length) rounds.push([]);
    rounds[n]!.push(k);
  });
  for (const round of rounds) {
    const planned: { k: number; plan: TransferPlan }[] = [];
    await db.transaction().execute(async (trx) => {
      const plans = await planTransfers(
        trx,
        actor,
        round.map((k) => items[k]!),
      );
      round.forEach((k, j) => {
        const p = plans[j]!;
        if (p instanceof YibaoError) out[k] = { ok: false, error: p };
        else planned.push({ k, plan: p });
      });
      const written = await writeTransfers(
        trx,
        actor,
        planned.map((p) => p.plan),
      );
      planned.forEach((p, j) => {
        out[p.k] = {
          ok: true,
          terminated: p.plan.old.id,
          enrolment: written[j]!,
          carriedMonths: p.plan.carried,
        };
      });
    });
  }
  return out;
}

interface TransferPlan {
  personId: bigint;
  psnNo: string;
  toRegion: string;
  date: string;
  old: Enrolment;
  carried: number;
  next: NewEnrolment;
}

/** The checks of transfer, in its order, for persons named once each; a refusal is its error. */
async function planTransfers(
  trx: Executor,
  actor: Actor,
  items: { psnNo: string; toRegion: string; date: string }[],
): Promise<(TransferPlan | YibaoError)[]> {
  const scope = await regionScope(trx, actor);
  const persons = new Map(
    (
      await personsByPsnNo(
        trx,
        items.map((i) => i.psnNo),
      )
    ).map((p) => [p.psn_no, p]),
  );
  const regions = await knownRegions(
    trx,
    items.map((i) => i.toRegion),
  );
  const ids = [...persons.values()].map((p) => p.id);
  const live = new Map((await liveBasicEnrolments(trx, ids, true)).map((e) => [String(e.person_id), e]));
  return items.map((it) => {
    try {
      checkDate(it.date, "date");
      const person = persons.get(it.psnNo);
      if (!person) throw new YibaoError("REG_PERSON_UNKNOWN", `No person ${it.psnNo}`, { field: "psnNo" });
      if (!inScope(scope, person.region_code)) throw unknownPerson(it.psnNo)();
      if (!regions.has(it.toRegion)) throw regionUnknown("toRegion", it.toRegion);
      const old = live.get(String(person.id));
      if (!old)
        throw new YibaoError("REG_NO_LIVE_ENROLMENT", `Person ${it.psnNo} has no live enrolment`, {
          field: "psnNo",
        });
      if (old.region_code === it.toRegion) throw fieldError("REG_TRANSFER_SAME_REGION", "toRegion");
      const carried = old.carried_months + monthsBetween(old.start_date, it.date);
      checkStatusChange(old, "terminated", it.date);
      const next: NewEnrolment = {
        psnNo: it.psnNo,
        insutype: old.insutype,
        psnType: old.psn_type,
        regionCode: it.toRegion,
        flexible: true, // as transfer: enrolled on their own until the new employer registers them
        startDate: it.date,
        carriedMonths: carried,
      };
      checkDate(next.startDate, "startDate");
      checkPsnType(next.insutype, next.psnType, person.birth_date, next.startDate);
      // the old enrolment ends first, so the live-enrolment check of the new one finds none
      return {
        personId: person.id,
        psnNo: it.psnNo,
        toRegion: it.toRegion,
        date: it.date,
        old,
        carried,
        next,
      };
    } catch (err) {
      if (isYibaoError(err)) return err as YibaoError;
      throw err;
    }
  });
}

async function writeTransfers(trx: Executor, actor: Actor, plans: TransferPlan[]) {
  if (plans.length === 0) return [];
  const after = await setStatuses(
    trx,
    plans.map((p) => ({ id: p.old.id, ...statusValues("terminated", p.date) })),
  );
  const afterById = new Map(after.map((e) => [String(e.id), e]));
  await appendStatuses(
    trx,
    plans.map((p) => ({
      enrolment_id: p.old.id,
      status: "terminated" as const,
      effective_date: p.date,
      reason: transferReason(p.toRegion),
      operator_id: actor.operatorId,
    })),
  );
  // no live enrolment is left for these persons now (the check of insertEnrolment)
  const still = await liveBasicEnrolments(
    trx,
    plans.map((p) => p.personId),
  );
  if (still.length > 0)
    throw duplicateEnrolment(plans.find((p) => p.personId === still[0]!.person_id)!.psnNo, still[0]!);
  const next = await writeEnrolments(
    trx,
    actor,
    plans.map((p) => ({ personId: p.personId, input: p.next })),
  );
  const employees = plans.flatMap((p, j) => (p.old.insutype === "310" ? [{ p, next: next[j]! }] : []));
  const balances = await lockAccounts(
    trx,
    employees.map((e) => e.p.personId),
  ); // opens the accounts
  const entries: AccountEntry[] = [];
  for (const { p, next: n } of employees) {
    const balance = balances.get(String(p.personId)) ?? 0n;
    if (balance <= 0n) continue;
    const ref = { refType: "transfer", refId: String(n.id) };
    entries.push({ personId: p.personId, amount: -balance, kind: "transfer_out", ...ref });
    entries.push({ personId: p.personId, amount: balance, kind: "transfer_in", ...ref });
  }
  await postAccountEntries(trx, entries, balances);
  await recordAudits(
    trx,
    actor,
    plans.flatMap((p, j): AuditEntry[] => [
      statusChanged(p.old, afterById.get(String(p.old.id)), "terminated"),
      enrolmentCreated(next[j]!),
    ]),
  );
  return next;
}
