import { formatScaled } from "@yibao/core/money";
import type { Insertable } from "kysely";
import type { Actor } from "../../audit/audit.ts";
import type { Db } from "../../db/database.ts";
import { importCatalogue } from "../catalogue/catalogue.import.ts";
import type { CatalogueEntryTable } from "../catalogue/catalogue.table.ts";
import { prng } from "./prng.ts";

/**
 * The catalogue simulated regions bill from: drugs, service items and materials with classes,
 * self-pay-first shares and price caps, valid from 2020. The catalogue is national (codes are
 * national, the table has no region), so every simulated region shares it; regions differ in the
 * prices their hospitals charge (RegionProfile.priceLevel). Drawn from a fixed seed, not the
 * run's, so a second region finds the same catalogue.
 */
export type Use =
  | "consult"
  | "test"
  | "imaging"
  | "bed"
  | "nursing"
  | "treatment"
  | "surgery"
  | "caesarean"
  | "material"
  | "implant"
  | "drug"
  | "chronic_drug"
  | "tcm";

export interface Item {
  code: string;
  use: Use;
  /** the catalogue's price cap, or the usual price when the entry has none (yuan) */
  price: number;
  capped: boolean;
  cls: "A" | "B" | "C";
}

const DRUGS: [string, number, Use][] = [
  ["阿莫西林胶囊", 12.5, "drug"],
  ["头孢呋辛酯片", 28, "drug"],
  ["左氧氟沙星片", 19.8, "drug"],
  ["阿奇霉素片", 22.4, "drug"],
  ["布洛芬缓释胶囊", 15.2, "drug"],
  ["对乙酰氨基酚片", 6.5, "drug"],
  ["奥美拉唑肠溶胶囊", 18.6, "drug"],
  ["注射用头孢曲松钠", 36, "drug"],
  ["氯化钠注射液", 4.2, "drug"],
  ["沙丁胺醇气雾剂", 26.7, "drug"],
  ["硝苯地平控释片", 32.1, "chronic_drug"],
  ["氨氯地平片", 24.3, "chronic_drug"],
  ["缬沙坦胶囊", 35.6, "chronic_drug"],
  ["二甲双胍片", 9.8, "chronic_drug"],
  ["格列美脲片", 27.4, "chronic_drug"],
  ["阿托伐他汀钙片", 41.2, "chronic_drug"],
  ["瑞舒伐他汀钙片", 38.9, "chronic_drug"],
  ["阿司匹林肠溶片", 8.9, "chronic_drug"],
  ["氯吡格雷片", 56.3, "chronic_drug"],
  ["胰岛素注射液", 68.5, "chronic_drug"],
  ["甘精胰岛素注射液", 172, "chronic_drug"],
  ["布地奈德福莫特罗粉吸入剂", 198, "chronic_drug"],
  ["连花清瘟胶囊", 14.8, "tcm"],
  ["复方丹参滴丸", 25.6, "tcm"],
  ["血塞通软胶囊", 33.2, "tcm"],
  ["银杏叶片", 21.5, "tcm"],
  ["六味地黄丸", 16.8, "tcm"],
];

const SERVICES: [string, number, Use, string][] = [
  ["普通门诊诊查费", 10, "consult", "02"],
  ["副主任医师诊查费", 20, "consult", "02"],
  ["主任医师诊查费", 30, "consult", "02"],
  ["血细胞分析", 20, "test", "04"],
  ["肝功能检测", 85, "test", "04"],
  ["肾功能检测", 48, "test", "04"],
  ["血糖测定", 12, "test", "04"],
  ["尿常规检查", 15, "test", "04"],
  ["电解质测定", 35, "test", "04"],
  ["C反应蛋白测定", 40, "test", "04"],
  ["胸部X线摄影", 60, "imaging", "03"],
  ["胸部CT平扫", 220, "imaging", "03"],
  ["头颅MRI平扫", 480, "imaging", "03"],
  ["彩色多普勒超声", 150, "imaging", "03"],
  ["心电图检查", 25, "imaging", "03"],
  ["床位费(三人间)", 40, "bed", "01"],
  ["床位费(双人间)", 60, "bed", "01"],
  ["一级护理", 28, "nursing", "07"],
  ["二级护理", 18, "nursing", "07"],
  ["静脉输液", 8, "treatment", "05"],
  ["换药", 15, "treatment", "05"],
  ["雾化吸入", 12, "treatment", "05"],
  ["阑尾切除术", 1200, "surgery", "06"],
  ["腹腔镜胆囊切除术", 2600, "surgery", "06"],
  ["经皮冠状动脉支架置入术", 3800, "surgery", "06"],
  ["人工髋关节置换术", 4200, "surgery", "06"],
  ["剖宫产术", 1500, "caesarean", "06"],
  ["白内障超声乳化摘除术", 1800, "surgery", "06"],
];

const MATERIALS: [string, number, Use][] = [
  ["一次性输液器", 5.5, "material"],
  ["医用缝合线", 45, "material"],
  ["一次性使用无菌注射器", 1.2, "material"],
  ["冠脉药物洗脱支架", 798, "implant"],
  ["人工髋关节", 6800, "implant"],
  ["人工晶体", 1600, "implant"],
];

const VALID_FROM = "2020-01-01";

/** The items and their catalogue rows (the same every time). */
export function catalogueItems(): { items: Item[]; rows: Insertable<CatalogueEntryTable>[] } {
  const r = prng(20250101);
  const items: Item[] = [];
  const rows: Insertable<CatalogueEntryTable>[] = [];
  let n = 0;
  const add = (
    item: Omit<Item, "code">,
    row: Omit<Insertable<CatalogueEntryTable>, "code" | "valid_from">,
  ) => {
    const code = `${row.kind === "drug" ? "X" : row.kind === "service" ? "S" : "M"}${String(++n).padStart(6, "0")}`;
    items.push({ ...item, code });
    rows.push({ ...row, code, valid_from: VALID_FROM });
  };
  for (const [name, price, use] of DRUGS)
    for (const form of ["", "(规格一)", "(规格二)", "(国产)", "(进口)"])
      for (let maker = 1; maker <= 8; maker++) {
        const cls = form === "(进口)" ? "B" : r.chance(0.6) ? "A" : r.chance(0.85) ? "B" : "C";
        const p = Math.round(price * (0.7 + r.next() * 0.8) * 100) / 100;
        const capped = cls === "B" && r.chance(0.3);
        add(
          { use, price: p, capped, cls },
          {
            name: `${name}${form} 厂家${maker}`,
            kind: "drug",
            chrgitm_type: use === "tcm" ? "11" : "09",
            class: cls,
            self_pay_ratio: cls === "B" ? 1000 : 0,
            price_cap: capped ? BigInt(Math.round(p * 1e6)) : null,
            restrictions: JSON.stringify({}),
          },
        );
      }
  for (const [name, price, use, type] of SERVICES)
    for (let v = 1; v <= 4; v++) {
      const p = Math.round(price * (1 + v / 40) * 100) / 100;
      add(
        { use, price: p, capped: true, cls: "A" },
        {
          name: v === 1 ? name : `${name}(${v})`,
          kind: "service",
          chrgitm_type: type,
          class: "A",
          self_pay_ratio: 0,
          price_cap: BigInt(Math.round(p * 1e6)),
          restrictions: JSON.stringify(use === "bed" || use === "nursing" ? { setting: "inpatient" } : {}),
        },
      );
    }
  for (const [name, price, use] of MATERIALS)
    for (let v = 1; v <= 4; v++) {
      const p = Math.round(price * (0.9 + v / 20) * 100) / 100;
      const b = price > 500;
      add(
        { use, price: p, capped: true, cls: b ? "B" : "A" },
        {
          name: v === 1 ? name : `${name}(${v})`,
          kind: "material",
          chrgitm_type: "08",
          class: b ? "B" : "A",
          self_pay_ratio: b ? 2000 : 0,
          price_cap: BigInt(Math.round(p * 1e6)),
          restrictions: JSON.stringify(b ? { setting: "inpatient" } : {}),
        },
      );
    }
  return { items, rows };
}

/**
 * Loads the catalogue through the catalogue import (目录导入, audited) unless its codes are there
 * already (a second region shares it).
 */
export async function ensureCatalogue(db: Db, actor: Actor): Promise<Item[]> {
  const { items, rows } = catalogueItems();
  const present = await db
    .selectFrom("catalogue_entries")
    .select("code")
    .where("code", "=", rows[0]!.code)
    .where("valid_from", "=", VALID_FROM)
    .executeTakeFirst();
  if (present) return items;
  const csv = ["code,name,kind,chrgitm_type,class,self_pay_ratio,price_cap,valid_from,setting"];
  for (const row of rows) {
    const cap = row.price_cap == null ? "" : formatScaled(row.price_cap as bigint, 6);
    const setting = (JSON.parse(String(row.restrictions)) as { setting?: string }).setting ?? "";
    const ratio = formatScaled(BigInt(row.self_pay_ratio ?? 0), 4);
    csv.push(
      [row.code, row.name, row.kind, row.chrgitm_type, row.class, ratio, cap, VALID_FROM, setting].join(","),
    );
  }
  await importCatalogue(db, actor, csv.join("\n"));
  return items;
}

/** Items by use, for the bill generator. */
export function itemsByUse(items: Item[]): Map<Use, Item[]> {
  const m = new Map<Use, Item[]>();
  for (const it of items) {
    const list = m.get(it.use) ?? [];
    list.push(it);
    m.set(it.use, list);
  }
  return m;
}
