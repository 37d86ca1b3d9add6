import type { KbFiles } from "../src/audit/index.ts";
import { ITEM_COLUMNS, RULE_CATALOG } from "../src/audit/index.ts";
import { fenToYuan, formatScaled, mulToFen, parseScaled } from "../src/money/index.ts";

/**
 * A generated audit suite for the differential test: from a seed, a knowledge base with its own
 * parameters and limits, and visits in begndate order that crowd every boundary (prices at and
 * just above caps, quantities at maxima, visits exactly a window apart, birthdays, leap days,
 * duplicate and mispriced lines, lines outside the stay, unknown codes, a few malformed lines).
 */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  const some = <T>(xs: readonly T[], lo = 1, hi = 3): T[] => {
    const n = Math.min(xs.length, int(lo, hi));
    return [...xs].sort(() => next() - 0.5).slice(0, n);
  };
  return { next, int, pick, chance, some };
}

const DAY = 86_400_000;
const dateText = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (t: string) => Date.parse(`${t}T00:00:00Z`) / DAY;

const DX = [
  "A01.100",
  "A41.900",
  "B18.100",
  "C34.900",
  "C61.x00",
  "D62.x00",
  "E11.900",
  "E87.100",
  "H25.900",
  "I10.x00",
  "I50.900",
  "J18.900",
  "J96.000",
  "K25.001",
  "N40.x00",
  "N18.500",
  "O80.000",
  "P07.300",
  "R54.x00",
  "Z38.000",
];
const DEPTS = ["A03", "A03.04", "A03.07", "A04", "A05.02", "A16", "A50", "A50.02", "A21"];
const QTYS = ["1", "1", "1", "2", "0.5", "1.5", "3", "0.25", "1.0", "4"];

function items(r: ReturnType<typeof rng>) {
  const rows: Record<string, string>[] = [];
  const codes = Array.from({ length: 60 }, (_, i) => `I${String(i).padStart(3, "0")}`);
  codes.forEach((code, i) => {
    const kind = i < 24 ? "drug" : i < 33 ? "material" : "service";
    const chrgitm =
      kind === "drug"
        ? r.pick(["09", "09", "10", "10", "11"])
        : kind === "material"
          ? "08"
          : r.pick(["01", "02", "03", "04", "05", "06", "07", "12", "13", "14"]);
    const row: Record<string, string> = {
      code,
      kind,
      name: code,
      chrgitm_type: chrgitm,
      class: r.pick(["A", "B", "C"]),
    };
    const p = 0.1;
    if (i === 59) Object.assign(row, { chrgitm_type: "01", price_cap: "30.00", med_types: "21|52" }); // a bed
    if (r.chance(0.3)) row.price_cap = r.pick(["10.00", "12.50", "3.333333", "100", "0.75"]);
    if (r.chance(p)) row.sex = r.pick(["1", "2"]);
    if (r.chance(p)) row.min_age = String(r.int(1, 60));
    if (r.chance(p)) row.max_age = String(r.int(Number(row.min_age ?? 0), 90));
    if (r.chance(p)) row.levels = r.some(["1", "2", "3"], 1, 2).join("|");
    if (r.chance(p)) row.med_types = r.some(["11", "14", "21", "41", "51", "52"], 1, 3).join("|");
    if (r.chance(p)) row.depts = r.some(DEPTS, 1, 2).join("|");
    if (r.chance(p)) row.indications = r.some(["E11", "I", "J1", "C", "N18", "K25.0"], 1, 2).join("|");
    if (r.chance(0.3)) row.max_qty_per_day = r.pick(["1", "2", "2.5", "3"]);
    if (r.chance(0.2)) row.max_qty_per_visit = r.pick(["2", "3", "4.5", "6"]);
    if (r.chance(0.15)) row.max_days_per_visit = String(r.int(1, 4));
    if (r.chance(0.15)) {
      row.max_times = r.pick(["1", "2", "3", "2.5"]);
      row.period_days = String(r.int(3, 30));
    }
    if (kind === "material" && r.chance(0.6)) row.requires = r.some(codes.slice(40), 1, 2).join("|");
    if (chrgitm === "10") row.alone_unpayable = r.chance(0.6) ? "1" : "0";
    if (kind === "drug" && r.chance(0.7)) row.drug_group = `G${r.int(0, 5)}`;
    rows.push(row);
  });
  return rows;
}

function knowledgeBase(r: ReturnType<typeof rng>) {
  const itemRows = items(r);
  const codes = itemRows.map((i) => i.code!);
  const columns = [...ITEM_COLUMNS];
  const pairs = new Map<string, string[]>();
  while (pairs.size < 14) {
    const [a, b] = r.some(codes, 2, 2) as [string, string];
    pairs.set([a, b].sort().join(), [
      a,
      b,
      r.pick(["same_day", "same_visit", "included", "contraindicated"]),
    ]);
  }
  const rx = () => (r.chance(0.25) ? "" : String(r.int(3, 40)));
  const params: [string, string][] = [
    ["readmission_days", String(r.int(3, 31))],
    ["bed_only_days_max", String(r.int(0, 4))],
    ["care_types", r.some(["05", "06", "09", "10", "11"], 1, 4).join("|")],
    ["low_std_stay_days", String(r.int(0, 3))],
    ["low_std_types", r.some(["01", "02", "03", "04", "07", "08", "12", "13", "14"], 3, 8).join("|")],
    ["freq_outpatient_days", String(r.int(2, 20))],
    ["freq_outpatient_max", String(r.int(1, 5))],
    ["freq_pharmacy_days", String(r.int(2, 20))],
    ["freq_pharmacy_max", String(r.int(1, 5))],
    ["repeat_overlap_days_max", String(r.int(0, 10))],
    ["rx_days_max_11", rx()],
    ["rx_days_max_14", rx()],
    ["rx_days_max_41", rx()],
    ["rx_days_max_51", rx()],
  ];
  const rules = RULE_CATALOG.filter((x) => x.contract).map((x) => [
    x.key,
    x.family,
    r.chance(0.1) ? (x.result === "definite" ? "suspicious" : "definite") : x.result,
    r.chance(0.05) ? "0" : "1",
  ]);
  const files: KbFiles = {
    items: [columns, ...itemRows.map((row) => columns.map((c) => row[c] ?? ""))],
    item_pairs: [["code_a", "code_b", "relation"], ...pairs.values()],
    dx_sex: [
      ["prefix", "sex"],
      ...r.some(DX, 3, 6).map((d) => [d.slice(0, r.int(1, 3)), r.pick(["1", "2"])]),
    ],
    dx_age: [
      ["prefix", "min_age", "max_age", "name"],
      ...r
        .some(DX, 3, 5)
        .map((d) => [
          d.slice(0, 3),
          r.chance(0.5) ? String(r.int(0, 50)) : "",
          r.chance(0.5) ? String(r.int(50, 90)) : "",
          d,
        ]),
    ],
    dx_support: [
      ["prefix", "support_codes", "name"],
      ...r.some(DX, 2, 4).map((d) => [d.slice(0, 3), r.some(codes, 1, 3).join("|"), d]),
    ],
    chronic_dx: [["prefix", "name"], ...r.some(DX, 4, 8).map((d) => [d.slice(0, r.int(1, 3)), d])],
    params: [["key", "value"], ...params],
    rules: [["rule", "family", "result", "enabled"], ...rules],
  };
  return { files, itemRows };
}

function line(r: ReturnType<typeof rng>, itemRows: Record<string, string>[], id: number, date: string) {
  const it = r.chance(0.03)
    ? { code: `U${r.int(0, 9)}`, kind: r.pick(["drug", "service"]) }
    : r.pick(itemRows);
  const qty = it.max_qty_per_day && r.chance(0.3) ? it.max_qty_per_day : r.pick(QTYS);
  const cap = it.price_cap;
  const price = cap
    ? r.pick([
        cap,
        cap,
        formatScaled(parseScaled(cap, 6) + 1n, 6),
        formatScaled(parseScaled(cap, 6) - 10_000n, 6),
        "13.05",
      ])
    : r.pick(["1.00", "3.20", "25", "0.333333", "13.05", "120.00"]);
  let amount = fenToYuan(mulToFen(parseScaled(qty, 4), 4, parseScaled(price, 6), 6));
  if (r.chance(0.04)) amount = fenToYuan(parseScaled(amount, 2) + BigInt(r.pick([1, 100, 2600])));
  const out: Record<string, string> = {
    id: String(id),
    code: it.code!,
    kind: it.kind!,
    date,
    qty,
    price,
    amount,
  };
  if (it.kind === "drug") out.days = String(r.pick([1, 3, 5, 7, 7, 10, 14, 15, 28, 30, 31, 60]));
  return out;
}

/** `count` visit lines (JSON texts, some malformed) with the knowledge base they are audited against. */
export function generateSuite(seed: number, count: number): { files: KbFiles; lines: string[] } {
  const r = rng(seed);
  const { files, itemRows } = knowledgeBase(r);
  const persons = Array.from({ length: 120 }, (_, i) => {
    const leap = r.chance(0.05);
    const y = leap ? r.pick([1944, 1960, 1980, 2000, 2024]) : r.int(1935, 2025);
    const brdy = leap
      ? `${y}-02-29`
      : `${y}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`;
    return {
      psn_no: `P${i}`,
      gend: r.pick(["1", "2"]),
      brdy,
      insutype: r.pick(["310", "390"]),
      psn_type: "1101",
    };
  });
  const institutions = Array.from({ length: 8 }, (_, i) => ({
    code: `H${i}`,
    level: String((i % 3) + 1),
    type: i < 2 ? "pharmacy" : r.pick(["hospital", "clinic"]),
  }));
  const lines: string[] = [];
  let day = dayOf("2026-01-01");
  for (let n = 0; n < count; n++) {
    if (r.chance(0.12)) day += 1;
    const person = r.chance(0.6) ? persons[r.int(0, 19)]! : r.pick(persons);
    if (dayOf(person.brdy) > day) continue;
    const medType = r.pick(["11", "11", "14", "21", "21", "41", "51", "52"]);
    const stay = ["21", "52"].includes(medType) ? r.int(0, 10) : 0;
    const beg = dateText(day);
    const end = dateText(day + stay);
    const inst = medType === "41" ? institutions[r.int(0, 1)]! : r.pick(institutions.slice(2));
    const nLines = r.int(1, 8);
    const feeLines: Record<string, string>[] = [];
    for (let i = 1; i <= nLines; i++) {
      const off = r.chance(0.05) ? r.pick([-2, -1, stay + 1, stay + 3]) : r.int(0, stay);
      const l = line(r, itemRows, i, dateText(day + off));
      feeLines.push(l);
      if (r.chance(0.06)) feeLines.push({ ...l, id: `${i}b`, qty: l.qty === "1" ? "1.0000" : l.qty! });
    }
    if (stay > 0 || (["21", "52"].includes(medType) && r.chance(0.5))) {
      // a bed a day (sometimes one too many), care on some days only
      const bed = itemRows[59]!;
      for (let d = 0; d < Math.max(1, stay) + (r.chance(0.15) ? 1 : 0); d++)
        feeLines.push({
          id: `b${d}`,
          code: bed.code!,
          kind: "service",
          date: dateText(day + d),
          qty: "1",
          price: "30.00",
          amount: "30.00",
        });
    }
    const diagnoses = r.chance(0.05) ? [] : r.some(DX, 1, 4);
    const visit = {
      id: `G${seed}-${n}`,
      person,
      institution: inst,
      med_type: medType,
      dept: medType === "41" ? "" : r.pick(DEPTS),
      doctor: `D${r.int(0, 9)}`,
      begndate: beg,
      enddate: end,
      diagnoses,
      lines: feeLines,
    };
    let text = JSON.stringify(visit);
    const broken = r.next();
    if (broken < 0.01)
      text = text.slice(0, -3); // bad JSON
    else if (broken < 0.02) text = text.replace('"qty":"1"', '"qty":"-1"'); // a bad quantity
    lines.push(text);
  }
  return { files, lines };
}
