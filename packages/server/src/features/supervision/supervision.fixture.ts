import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../../db/database.ts";
import { HOSPITAL, insuredPerson, setupRegion } from "../settlement/settlement.fixture.ts";
import { settleVisit } from "../settlement/settle.service.ts";
import { registerVisit, uploadFeeLines } from "../settlement/visit.service.ts";
import { REPO_ROOT } from "../../test/repo-root.ts";

/** Test fixture of supervision: the public suite's knowledge base, and settled outpatient visits. */
export const KB_DIR = join(REPO_ROOT, "conformance/audit/kb");

/** The knowledge base's CSV texts by file name. */
export function kbTexts(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(KB_DIR)
      .filter((f) => f.endsWith(".csv"))
      .map((f) => [f.slice(0, -4), readFileSync(join(KB_DIR, f), "utf8")]),
  );
}

/** The files as POST /supervision/kb-versions takes them: each file as its lines. */
export const kbBody = (texts: Record<string, string> = kbTexts()) =>
  Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, text.split(/\r?\n/)]));

export const XRAY = "000309001960000"; // 胸部X线摄影(DR), price cap 50.00
export const ULTRASOUND = "000308002310000"; // 腹部彩色多普勒超声, price cap 120.00

/** The attending doctor (医保医师 code, atddr_no) of the fixture's visits. */
export const DOCTOR = "D530100000001";

let msg = 0;
/** A settled outpatient visit at HOSPITAL on `day` with one line of `code` at `price` yuan. */
export async function settledVisit(db: Db, psnNo: string, day: string, code: string, price: string) {
  const at = new Date(`${day}T09:00:00+08:00`);
  return db.transaction().execute(async (trx) => {
    const v = await registerVisit(trx, {
      psnNo,
      insutype: "310",
      medType: "11",
      institutionCode: HOSPITAL,
      begntime: at,
      atddrNo: DOCTOR,
    });
    await uploadFeeLines(trx, v.mdtrt_id, [
      { feedetlSn: "1", code, pric: price, cnt: "1", feeTime: at, catalogClass: "A" },
    ]);
    await settleVisit(trx, { mdtrtId: v.mdtrt_id, acctUsed: false, msgid: `S${++msg}`, now: at });
    return v.mdtrt_id;
  });
}

/** Region, hospital and `n` insured persons. */
export async function supervisionRegion(db: Db, n: number) {
  await setupRegion(db);
  const persons = [];
  for (let i = 0; i < n; i++) persons.push(await insuredPerson(db, 700 + i));
  return persons;
}
