import { YibaoError, isYibaoError } from "@yibao/core/errors";
import { maskText } from "@yibao/core/pii";
import { checkPsnType, parseCardNo, parseCardSn, parseCertno, parseUscc } from "@yibao/core/registry";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { type CsvRow, type RowError, parseCsv } from "./csv.ts";
import { nextPersonIds, psnNoOf } from "./registry.repository.ts";
import { checkDate, coveredFromStart } from "./enrolment.service.ts";
import { checkLength, checkName, checkPhone } from "./person.service.ts";
import { issueCardNo, issueCardSn } from "./card.ts";
import { inScope, regionScope } from "../platform/region-scope.ts";
import { insertImportRecord } from "./import-history.repository.ts";

/**
 * Bulk import from CSV, all-or-nothing per file: every row is validated first (in memory and
 * against the database in batches); if any row is wrong nothing is written and the report lists
 * each bad row with its field and code. A clean file is written in one transaction with
 * multi-row inserts. The import history (import-history.repository.ts) keeps every file that
 * parsed: an accepted one in the rows' transaction, with one audit-log entry (kind, rows,
 * operator); a refused one, which changed nothing, on its own with its whole report.
 */
export type ImportKind = "persons" | "employers" | "enrolments" | "assistance";

export interface ImportReport {
  /** the import's record (GET /imports/:id) */
  id: bigint;
  kind: ImportKind;
  rows: number;
  imported: number;
  errors: RowError[];
}

const COLUMNS: Record<ImportKind, string[]> = {
  persons: ["certno", "name", "region_code"],
  employers: ["uscc", "name", "region_code"],
  enrolments: ["certno", "insutype", "psn_type", "region_code", "start_date"],
  assistance: ["certno", "category", "valid_from"],
};

const CHUNK = 1000;
type Progress = (done: number, total: number) => void;

function rowCheck<T>(errors: RowError[], row: number, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (!isYibaoError(err)) throw err;
    errors.push({
      row,
      field: String(err.details.field ?? ""),
      code: err.code,
      message: maskText(err.message),
    });
    return undefined;
  }
}

const err = (row: number, field: string, code: string, message: string): RowError => ({
  row,
  field,
  code,
  message,
});

async function existing<T extends string>(
  ex: Executor,
  table: "persons" | "employers",
  column: "certno" | "uscc" | "card_no",
  values: T[],
) {
  const found = new Map<string, bigint>();
  for (let i = 0; i < values.length; i += 5000) {
    const part = values.slice(i, i + 5000);
    if (part.length === 0) continue;
    const rows = await ex
      .selectFrom(table)
      .select(["id", column as "certno"])
      .where(column as "certno", "in", part)
      .execute();
    for (const r of rows) found.set((r as unknown as Record<string, string>)[column]!, r.id);
  }
  return found;
}

async function regionSet(ex: Executor) {
  return new Set((await ex.selectFrom("regions").select("code").execute()).map((r) => r.code));
}

/** A row's region must be a known region inside the importing operator's scope. */
async function regionChecker(ex: Executor, actor: Actor) {
  const regions = await regionSet(ex);
  const scope = await regionScope(ex, actor);
  return (errors: RowError[], row: number, code: string | undefined) => {
    if (!regions.has(code ?? ""))
      errors.push(err(row, "region_code", "REG_REGION_UNKNOWN", `unknown region ${code}`));
    else if (!inScope(scope, code))
      errors.push(err(row, "region_code", "REGION_OUT_OF_SCOPE", `region ${code} is outside your region`));
  };
}

/** Registered persons by ID number, as far as the operator's scope reaches (others are unknown to them). */
async function personsByCertno(ex: Executor, actor: Actor, certnos: string[]) {
  const scope = await regionScope(ex, actor);
  const found = new Map<string, { id: bigint; birth: string }>();
  for (let i = 0; i < certnos.length; i += 5000) {
    const part = certnos.slice(i, i + 5000);
    if (part.length === 0) continue;
    for (const p of await ex
      .selectFrom("persons")
      .select(["id", "certno", "birth_date", "region_code"])
      .where("certno", "in", part)
      .execute()) {
      if (inScope(scope, p.region_code)) found.set(p.certno, { id: p.id, birth: p.birth_date });
    }
  }
  return found;
}

export async function importCsv(
  db: Db,
  actor: Actor,
  kind: ImportKind,
  text: string,
  today: string,
  progress: Progress = () => {},
  fileName: string | null = null,
): Promise<ImportReport> {
  const rows = parseCsv(text, COLUMNS[kind]);
  const importer = {
    persons: importPersons,
    employers: importEmployers,
    enrolments: importEnrolments,
    assistance: importAssistance,
  }[kind];
  const report = await db
    .transaction()
    .execute(async (trx) => {
      const r = await importer(trx, actor, rows, today, progress);
      if (r.errors.length > 0) throw new ImportRefused(r);
      const id = await insertImportRecord(trx, actor, { kind, fileName, rows: rows.length, ...r });
      await recordAudit(trx, actor, {
        action: `import.${kind}`,
        entity: kind,
        entityId: id,
        after: { importId: String(id), fileName, rows: rows.length, imported: r.imported },
      });
      return { ...r, id };
    })
    .catch(async (e) => {
      if (!(e instanceof ImportRefused)) throw e;
      // Nothing of the file was written, and the refusal changes nothing to audit; like the person
      // access log, the import history keeps the attempt: who sent which file, and its report.
      const id = await insertImportRecord(db, actor, { kind, fileName, rows: rows.length, ...e.report });
      return { ...e.report, id };
    });
  return { kind, rows: rows.length, ...report };
}

class ImportRefused extends Error {
  constructor(readonly report: { imported: number; errors: RowError[] }) {
    super("import refused");
  }
}

type Importer = (
  trx: Executor,
  actor: Actor,
  rows: CsvRow[],
  today: string,
  progress: Progress,
) => Promise<{ imported: number; errors: RowError[] }>;

const importPersons: Importer = async (trx, actor, rows, today, progress) => {
  const errors: RowError[] = [];
  const checkRegion = await regionChecker(trx, actor);
  const seen = new Set<string>();
  const valid: { row: number; c: CsvRow; info: ReturnType<typeof parseCertno>; card: Card }[] = [];
  const cards = new Set<string>();
  rows.forEach((c, i) => {
    const row = i + 2;
    const info = rowCheck(errors, row, () => parseCertno(c.certno ?? "", "certno", today));
    const card = rowCheck(errors, row, () => cardOf(c));
    if (card?.imported) {
      if (cards.has(card.no))
        errors.push(err(row, "card_no", "REG_CARD_EXISTS", "duplicate card number within the file"));
      cards.add(card.no);
    }
    rowCheck(errors, row, () => checkName(c.name ?? ""));
    rowCheck(errors, row, () => checkPhone(c.phone));
    rowCheck(errors, row, () => checkLength(c.address, "address", 200));
    rowCheck(errors, row, () => checkLength(c.household_no, "household_no", 40));
    checkRegion(errors, row, c.region_code);
    if (c.insutype) {
      rowCheck(errors, row, () => checkDate(c.start_date ?? "", "start_date"));
      if (info && c.start_date)
        rowCheck(errors, row, () =>
          checkPsnType(c.insutype!, c.psn_type ?? "", info.birthDate, c.start_date!),
        );
    }
    if (info) {
      if (seen.has(info.certno))
        errors.push(err(row, "certno", "REG_PERSON_EXISTS", "duplicate ID number within the file"));
      seen.add(info.certno);
      if (card) valid.push({ row, c, info, card });
    }
  });
  const known = await existing(trx, "persons", "certno", [...seen]);
  const knownCards = await existing(trx, "persons", "card_no", [...cards]);
  for (const v of valid) {
    if (known.has(v.info.certno))
      errors.push(err(v.row, "certno", "REG_PERSON_EXISTS", "already registered"));
    if (v.card.imported && knownCards.has(v.card.no))
      errors.push(err(v.row, "card_no", "REG_CARD_EXISTS", "card number already issued"));
  }
  const employers = await employerMap(trx, rows, errors);
  if (errors.length > 0) return { imported: 0, errors };

  const ids = await nextPersonIds(trx, valid.length);
  for (let i = 0; i < valid.length; i += CHUNK) {
    const part = valid.slice(i, i + CHUNK);
    await trx
      .insertInto("persons")
      .values(
        part.map((v, j) => ({
          id: ids[i + j]!,
          psn_no: psnNoOf(v.c.region_code!, ids[i + j]!),
          certno: v.info.certno,
          name: v.c.name!.trim(),
          gender: v.info.gender,
          birth_date: v.info.birthDate,
          phone: v.c.phone || null,
          address: v.c.address || null,
          household_no: v.c.household_no || null,
          region_code: v.c.region_code!,
          card_no: v.card.no,
          card_sn: v.card.sn,
        })),
      )
      .execute();
    const enrolled = part.map((v, j) => ({ v, id: ids[i + j]! })).filter((x) => x.v.c.insutype);
    await insertEnrolmentRows(
      trx,
      actor,
      enrolled.map((x) => ({ personId: x.id, c: x.v.c, employers })),
    );
    progress(Math.min(i + CHUNK, valid.length), valid.length);
  }
  return { imported: valid.length, errors };
};

interface Card {
  no: string;
  sn: string | null;
  /** brought by the file (a card issued elsewhere), not issued by this import */
  imported: boolean;
}

/**
 * The person's social security card: the file's card_no (and card_sn, if known) for cards issued
 * elsewhere; otherwise registration issues one, chip code included.
 */
function cardOf(c: CsvRow): Card {
  if (!c.card_no) {
    if (c.card_sn) throw new YibaoError("REG_CARD_NO_FORMAT", "card_sn needs card_no", { field: "card_no" });
    return { no: issueCardNo(), sn: issueCardSn(), imported: false };
  }
  return { no: parseCardNo(c.card_no), sn: c.card_sn ? parseCardSn(c.card_sn) : null, imported: true };
}

async function employerMap(trx: Executor, rows: CsvRow[], errors: RowError[]) {
  const usccs = new Set<string>();
  rows.forEach((c, i) => {
    if (c.insutype === "310" && c.flexible !== "1" && c.flexible !== "true") {
      const u = rowCheck(errors, i + 2, () => parseUscc(c.employer_uscc ?? "", "employer_uscc"));
      if (u) usccs.add(u);
    }
  });
  const map = await existing(trx, "employers", "uscc", [...usccs]);
  rows.forEach((c, i) => {
    if (
      c.insutype === "310" &&
      c.flexible !== "1" &&
      c.flexible !== "true" &&
      c.employer_uscc &&
      !map.has(c.employer_uscc.toUpperCase())
    ) {
      if (usccs.has(c.employer_uscc.toUpperCase()))
        errors.push(err(i + 2, "employer_uscc", "REG_EMPLOYER_UNKNOWN", "no such employer"));
    }
  });
  return map;
}

async function insertEnrolmentRows(
  trx: Executor,
  actor: Actor,
  items: { personId: bigint; c: CsvRow; employers: Map<string, bigint> }[],
) {
  if (items.length === 0) return;
  const flexible = (c: CsvRow) => c.flexible === "1" || c.flexible === "true";
  const inserted = await trx
    .insertInto("enrolments")
    .values(
      items.map(({ personId, c, employers }) => ({
        person_id: personId,
        insutype: c.insutype!,
        psn_type: c.psn_type!,
        region_code: c.region_code!,
        employer_id:
          c.insutype === "310" && !flexible(c)
            ? (employers.get(c.employer_uscc!.toUpperCase()) ?? null)
            : null,
        flexible: flexible(c),
        start_date: c.start_date!,
        status: "active" as const,
        // as insertEnrolment: retirees and newborns are covered from the enrolment, no waiting period
        benefit_start_date: coveredFromStart(c.psn_type!) ? c.start_date! : null,
      })),
    )
    .returning(["id", "person_id", "insutype", "start_date"])
    .execute();
  await trx
    .insertInto("enrolment_status_history")
    .values(
      inserted.map((e) => ({
        enrolment_id: e.id,
        status: "active" as const,
        effective_date: e.start_date,
        reason: "import",
        operator_id: actor.operatorId,
      })),
    )
    .execute();
  const accounts = inserted
    .filter((e) => e.insutype === "310")
    .map((e) => ({ person_id: e.person_id, balance: 0n }));
  if (accounts.length > 0)
    await trx
      .insertInto("personal_accounts")
      .values(accounts)
      .onConflict((oc) => oc.column("person_id").doNothing())
      .execute();
}

const importEmployers: Importer = async (trx, actor, rows, _today, progress) => {
  const errors: RowError[] = [];
  const checkRegion = await regionChecker(trx, actor);
  const seen = new Set<string>();
  const valid: { row: number; uscc: string; c: CsvRow }[] = [];
  rows.forEach((c, i) => {
    const row = i + 2;
    const uscc = rowCheck(errors, row, () => parseUscc(c.uscc ?? ""));
    rowCheck(errors, row, () => checkName(c.name ?? ""));
    checkRegion(errors, row, c.region_code);
    if (uscc) {
      if (seen.has(uscc))
        errors.push(err(row, "uscc", "REG_EMPLOYER_EXISTS", "duplicate code within the file"));
      seen.add(uscc);
      valid.push({ row, uscc, c });
    }
  });
  const known = await existing(trx, "employers", "uscc", [...seen]);
  for (const v of valid)
    if (known.has(v.uscc)) errors.push(err(v.row, "uscc", "REG_EMPLOYER_EXISTS", "already registered"));
  if (errors.length > 0) return { imported: 0, errors };
  for (let i = 0; i < valid.length; i += CHUNK) {
    const part = valid.slice(i, i + CHUNK);
    await trx
      .insertInto("employers")
      .values(part.map((v) => ({ uscc: v.uscc, name: v.c.name!.trim(), region_code: v.c.region_code! })))
      .execute();
    progress(Math.min(i + CHUNK, valid.length), valid.length);
  }
  return { imported: valid.length, errors };
};

const importEnrolments: Importer = async (trx, actor, rows, _today, progress) => {
  const errors: RowError[] = [];
  const checkRegion = await regionChecker(trx, actor);
  const persons = await personsByCertno(
    trx,
    actor,
    rows.map((c) => (c.certno ?? "").toUpperCase()),
  );
  const live = new Set<string>();
  const ids = [...persons.values()].map((p) => p.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const part = ids.slice(i, i + 5000);
    const rowsLive = await trx
      .selectFrom("enrolments")
      .select("person_id")
      .where("person_id", "in", part)
      .where("status", "<>", "terminated")
      .where("insutype", "in", ["310", "390"])
      .execute();
    for (const r of rowsLive) live.add(String(r.person_id));
  }
  const employers = await employerMap(trx, rows, errors);
  const items: { personId: bigint; c: CsvRow; employers: Map<string, bigint> }[] = [];
  rows.forEach((c, i) => {
    const row = i + 2;
    const p = persons.get((c.certno ?? "").toUpperCase());
    if (!p) {
      errors.push(err(row, "certno", "REG_PERSON_UNKNOWN", "no such person"));
      return;
    }
    checkRegion(errors, row, c.region_code);
    const date = rowCheck(errors, row, () => checkDate(c.start_date ?? "", "start_date"));
    if (date) rowCheck(errors, row, () => checkPsnType(c.insutype ?? "", c.psn_type ?? "", p.birth, date));
    if (live.has(String(p.id)))
      errors.push(err(row, "certno", "REG_DUPLICATE_ENROLMENT", "already has a live basic enrolment"));
    live.add(String(p.id));
    items.push({ personId: p.id, c, employers });
  });
  if (errors.length > 0) return { imported: 0, errors };
  for (let i = 0; i < items.length; i += CHUNK) {
    await insertEnrolmentRows(trx, actor, items.slice(i, i + CHUNK));
    progress(Math.min(i + CHUNK, items.length), items.length);
  }
  return { imported: items.length, errors };
};

/** Civil affairs' list of assistance recipients (特困 tk, 低保 db, 监测/边缘 jc) with validity. */
const importAssistance: Importer = async (trx, actor, rows, _today, progress) => {
  const errors: RowError[] = [];
  const certnos = rows.map((c) => (c.certno ?? "").toUpperCase());
  const persons = await personsByCertno(trx, actor, certnos);
  const valid: {
    person_id: bigint;
    category: "tk" | "db" | "jc";
    valid_from: string;
    valid_to: string | null;
  }[] = [];
  rows.forEach((c, i) => {
    const row = i + 2;
    const id = persons.get((c.certno ?? "").toUpperCase())?.id;
    if (!id) errors.push(err(row, "certno", "REG_PERSON_UNKNOWN", "no such person"));
    if (!["tk", "db", "jc"].includes(c.category ?? ""))
      errors.push(err(row, "category", "FIELD_INVALID", "category must be tk, db or jc"));
    const from = rowCheck(errors, row, () => checkDate(c.valid_from ?? "", "valid_from"));
    const to = c.valid_to ? rowCheck(errors, row, () => checkDate(c.valid_to!, "valid_to")) : null;
    if (from && to && to < from)
      errors.push(err(row, "valid_to", "REG_DATE_ORDER", "valid_to is before valid_from"));
    if (id && from && to !== undefined)
      valid.push({ person_id: id, category: c.category as "tk", valid_from: from, valid_to: to });
  });
  if (errors.length > 0) return { imported: 0, errors };
  for (let i = 0; i < valid.length; i += CHUNK) {
    await trx
      .insertInto("assistance_categories")
      .values(valid.slice(i, i + CHUNK))
      .execute();
    progress(Math.min(i + CHUNK, valid.length), valid.length);
  }
  return { imported: valid.length, errors };
};

export function assertImported(report: ImportReport) {
  if (report.errors.length > 0) {
    throw new YibaoError(
      "REG_IMPORT_ROWS_INVALID",
      `${report.errors.length} rows are invalid; nothing was imported`,
      {
        field: "file",
        importId: String(report.id),
        refusedRows: report.errors.length,
        errors: report.errors.slice(0, 100),
      },
    );
  }
}
