import type { Insertable } from "kysely";
import type { Db } from "../db/database.ts";
import type { CatalogueEntryTable } from "../features/catalogue/catalogue.table.ts";
import { insertPolicyVersion } from "../features/catalogue/policy.repository.ts";
import { policiesFor } from "../features/simulation/policies.ts";
import { prng } from "../features/simulation/prng.ts";

/** Realistic stems for the demo catalogue: [name, kind, chrgitm_type, class, unit price yuan]. */
const DRUGS: [string, number][] = [
  ["阿莫西林胶囊", 12.5],
  ["头孢呋辛酯片", 28],
  ["左氧氟沙星片", 19.8],
  ["阿奇霉素片", 22.4],
  ["布洛芬缓释胶囊", 15.2],
  ["对乙酰氨基酚片", 6.5],
  ["奥美拉唑肠溶胶囊", 18.6],
  ["硝苯地平控释片", 32.1],
  ["氨氯地平片", 24.3],
  ["缬沙坦胶囊", 35.6],
  ["二甲双胍片", 9.8],
  ["格列美脲片", 27.4],
  ["阿托伐他汀钙片", 41.2],
  ["瑞舒伐他汀钙片", 38.9],
  ["阿司匹林肠溶片", 8.9],
  ["氯吡格雷片", 56.3],
  ["胰岛素注射液", 68.5],
  ["甘精胰岛素注射液", 172],
  ["沙丁胺醇气雾剂", 26.7],
  ["布地奈德福莫特罗粉吸入剂", 198],
  ["连花清瘟胶囊", 14.8],
  ["复方丹参滴丸", 25.6],
  ["血塞通软胶囊", 33.2],
  ["银杏叶片", 21.5],
  ["六味地黄丸", 16.8],
];
const ITEMS: [string, "service" | "material", string, number][] = [
  ["普通门诊诊查费", "service", "02", 10],
  ["主任医师诊查费", "service", "02", 30],
  ["床位费(三人间)", "service", "01", 40],
  ["一级护理", "service", "07", 28],
  ["血细胞分析", "service", "04", 20],
  ["肝功能检测", "service", "04", 85],
  ["肾功能检测", "service", "04", 48],
  ["胸部CT平扫", "service", "03", 220],
  ["头颅MRI平扫", "service", "03", 480],
  ["彩色多普勒超声", "service", "03", 150],
  ["心电图检查", "service", "03", 25],
  ["静脉输液", "service", "05", 8],
  ["阑尾切除术", "service", "06", 1200],
  ["腹腔镜胆囊切除术", "service", "06", 2600],
  ["一次性输液器", "material", "08", 5.5],
  ["医用缝合线", "material", "08", 45],
  ["冠脉药物洗脱支架", "material", "08", 798],
  ["人工髋关节", "material", "08", 6800],
];

/** A few thousand catalogue entries (versions in force from 2025) and the demo policies. */
export async function seed(db: Db): Promise<void> {
  const r = prng(20260303);
  const rows: Insertable<CatalogueEntryTable>[] = [];
  let n = 0;
  for (const [name, price] of DRUGS) {
    for (const form of ["", "(规格一)", "(规格二)", "(国产)", "(进口)"]) {
      for (let maker = 1; maker <= 24; maker++) {
        const cls = form === "(进口)" ? "B" : r.chance(0.6) ? "A" : r.chance(0.8) ? "B" : "C";
        const p = price * (0.7 + r.next() * 0.8);
        rows.push({
          code: `X${String(++n).padStart(6, "0")}`,
          name: `${name}${form} 厂家${maker}`,
          kind: "drug",
          chrgitm_type: name.endsWith("丸") || name.endsWith("滴丸") ? "11" : "09",
          class: cls,
          self_pay_ratio: cls === "B" ? 1000 : 0,
          price_cap: cls === "B" && r.chance(0.3) ? BigInt(Math.round(p * 0.9 * 1e6)) : null,
          restrictions: JSON.stringify(r.chance(0.05) ? { setting: "inpatient" } : {}),
          valid_from: "2025-01-01",
        });
      }
    }
  }
  for (const [name, kind, type, price] of ITEMS) {
    for (let v = 1; v <= 20; v++) {
      rows.push({
        code: `${kind === "service" ? "S" : "M"}${String(++n).padStart(6, "0")}`,
        name: v === 1 ? name : `${name}(${v})`,
        kind,
        chrgitm_type: type,
        class: kind === "material" && price > 500 ? "B" : "A",
        self_pay_ratio: kind === "material" && price > 500 ? 2000 : 0,
        price_cap: BigInt(Math.round(price * (1 + v / 40) * 1e6)),
        restrictions: JSON.stringify(type === "01" || type === "07" ? { setting: "inpatient" } : {}),
        valid_from: "2025-01-01",
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto("catalogue_entries")
      .values(rows.slice(i, i + 1000))
      .execute();
  for (const p of policiesFor({ deductibleFactor: "1.0000", ratioShift: 0 }))
    await insertPolicyVersion(db, "530100", 2026, p, "demo");
}
