import { makeCertno, makeUscc } from "@yibao/core/registry";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { Db } from "../db/database.ts";
import { assertImported, importCsv } from "../features/registry/import.service.ts";
import { personName, prng } from "../features/simulation/prng.ts";
import { recordFirstAgreements } from "../features/institutions/agreement.repository.ts";

export const DEMO_COUNTIES = ["530102", "530103", "530111", "530112", "530114", "530181"];
const PERSONS = 3000;
const EMPLOYERS = 200;
const SEED_TODAY = "2026-01-01";

const INSTITUTIONS: [string, string, "hospital" | "primary" | "pharmacy", "1" | "2" | "3", string][] = [
  ["H53010000001", "昆明医科大学第一附属医院", "hospital", "3", "drg"],
  ["H53010000002", "昆明医科大学第二附属医院", "hospital", "3", "drg"],
  ["H53010000003", "云南省第一人民医院", "hospital", "3", "drg"],
  ["H53010000004", "昆明市第一人民医院", "hospital", "3", "drg"],
  ["H53010000005", "昆明市儿童医院", "hospital", "3", "drg"],
  ["H53010000006", "昆明市中医医院", "hospital", "3", "dip"],
  ["H53010000007", "昆明市延安医院", "hospital", "3", "drg"],
  ["H53010000008", "昆明市第三人民医院", "hospital", "3", "dip"],
  ["H53010000009", "五华区人民医院", "hospital", "2", "drg"],
  ["H53010000010", "盘龙区人民医院", "hospital", "2", "drg"],
  ["H53010000011", "官渡区人民医院", "hospital", "2", "dip"],
  ["H53010000012", "西山区人民医院", "hospital", "2", "drg"],
  ["H53010000013", "呈贡区人民医院", "hospital", "2", "dip"],
  ["H53010000014", "安宁市人民医院", "hospital", "2", "drg"],
  ["H53010000015", "昆明市精神卫生中心", "hospital", "2", "per_diem"],
  ["H53010000016", "昆明市康复医院", "hospital", "2", "per_diem"],
  ["H53010000017", "华山街道社区卫生服务中心", "primary", "1", "capitation"],
  ["H53010000018", "拓东街道社区卫生服务中心", "primary", "1", "capitation"],
  ["H53010000019", "呈贡区吴家营卫生院", "primary", "1", "capitation"],
  ["H53010000020", "安宁市太平卫生院", "primary", "1", "ffs"],
  ["P53010000001", "一心堂药店(五华店)", "pharmacy", "1", "ffs"],
  ["P53010000002", "健之佳药房(盘龙店)", "pharmacy", "1", "ffs"],
  ["P53010000003", "老百姓大药房(官渡店)", "pharmacy", "1", "ffs"],
];

/** Demo registry: institutions, employers, a few thousand persons with enrolments, assistance recipients. */
export async function seed(db: Db): Promise<void> {
  const r = prng(20260101);
  await db
    .insertInto("institutions")
    .values(
      INSTITUTIONS.map(([code, name, kind, level, pm], i) => ({
        code,
        name,
        kind,
        level,
        region_code: i < 8 ? "530100" : DEMO_COUNTIES[i % DEMO_COUNTIES.length]!,
        payment_method: pm as "drg",
        agreement_from: "2024-01-01",
      })),
    )
    .execute();
  await recordFirstAgreements(db, "demo");

  const { employers, persons, certnos } = registryRows(r);
  assertImported(await importCsv(db, SYSTEM_ACTOR, "employers", employers.join("\n"), SEED_TODAY));
  assertImported(await importCsv(db, SYSTEM_ACTOR, "persons", persons.join("\n"), SEED_TODAY));

  const assistance = ["certno,category,valid_from,valid_to"];
  for (const certno of certnos) {
    if (r.chance(0.03)) assistance.push(`${certno},${r.pick(["tk", "db", "db", "jc"])},2025-01-01,`);
  }
  assertImported(await importCsv(db, SYSTEM_ACTOR, "assistance", assistance.join("\n"), SEED_TODAY));
}

/**
 * The demo's employers and persons as the seed imports them (CSV lines), drawn from `r` in the
 * seed's order, and each person's credentials: pure, so his-sim can meet the demo's patients
 * (by ID number and card) without reading the database.
 */
function registryRows(r: ReturnType<typeof prng>) {
  const employers = ["uscc,name,region_code"];
  const usccs: string[] = [];
  const KINDS = [
    "科技有限公司",
    "建设集团有限公司",
    "商贸有限公司",
    "物流有限公司",
    "食品有限公司",
    "医药有限公司",
    "旅游开发有限公司",
  ];
  for (let i = 0; i < EMPLOYERS; i++) {
    const county = r.pick(DEMO_COUNTIES);
    const uscc = makeUscc(county, 100_000 + i);
    usccs.push(uscc);
    employers.push(
      `${uscc},昆明${["滇", "云", "春城", "金马", "碧鸡", "翠湖"][i % 6]}${i}${r.pick(KINDS)},${county}`,
    );
  }

  const persons = [
    "certno,name,phone,address,household_no,region_code,card_no,card_sn,insutype,psn_type,employer_uscc,flexible,start_date",
  ];
  const cards = new Set<string>();
  const cardRng = prng(20260102); // its own stream, so the persons are what they were before cards
  const certnos: string[] = [];
  const cardNos: string[] = [];
  for (let i = 0; i < PERSONS; i++) {
    const county = r.pick(DEMO_COUNTIES);
    const age = r.chance(0.2) ? r.int(1, 17) : r.chance(0.25) ? r.int(60, 90) : r.int(18, 59);
    const birth = `${2024 - age}${String(r.int(1, 12)).padStart(2, "0")}${String(r.int(1, 28)).padStart(2, "0")}`;
    const certno = makeCertno(county, birth, i % 1000);
    certnos.push(certno);
    const phone = `1${r.pick(["3", "5", "8"])}${String(r.int(0, 999_999_999)).padStart(9, "0")}`;
    const household = `HH${county}${String(Math.floor(i / 3)).padStart(6, "0")}`;
    let enrol: string;
    if (age < 18) enrol = `390,${age <= 6 ? "1402" : "1403"},,0,2025-01-01`;
    else if (age >= 60 && r.chance(0.5)) enrol = `310,1201,${r.pick(usccs)},0,2025-01-01`;
    else if (age >= 60) enrol = "390,1501,,0,2025-01-01";
    else if (r.chance(0.45)) enrol = `310,1101,${r.pick(usccs)},0,2025-01-01`;
    else if (r.chance(0.15)) enrol = "310,1103,,1,2025-01-01";
    else enrol = "390,1501,,0,2025-01-01";
    const card = demoCard(cardRng, cards);
    cardNos.push(card.split(",")[0]!);
    persons.push(
      `${certno},${personName(r)},${phone},昆明市${county}某街道${r.int(1, 300)}号,${household},${county},${card},${enrol}`,
    );
  }
  return { employers, persons, certnos, cardNos };
}

/** The demo's Kunming insured persons: ID number and social security card number. */
export function demoCredentials(): { certno: string; cardNo: string }[] {
  const { certnos, cardNos } = registryRows(prng(20260101));
  return certnos.map((certno, i) => ({ certno, cardNo: cardNos[i]! }));
}

const CARD_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const HEX = "0123456789ABCDEF";

/**
 * A demo person's social security card as "card_no,card_sn": drawn from the seeded generator, so
 * that every fresh machine gets the same cards (real registrations draw them from node:crypto).
 */
function demoCard(r: ReturnType<typeof prng>, taken: Set<string>): string {
  let no: string;
  do {
    no = "Y";
    for (let i = 0; i < 11; i++) no += CARD_ALPHABET[r.int(0, CARD_ALPHABET.length - 1)];
  } while (taken.has(no));
  taken.add(no);
  let sn = "";
  for (let i = 0; i < 32; i++) sn += HEX[r.int(0, 15)];
  return `${no},${sn}`;
}
