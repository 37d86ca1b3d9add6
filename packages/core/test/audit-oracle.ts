import type { FeeLine, KnowledgeBase, Visit } from "../src/audit/index.ts";
import { inForce } from "../src/audit/index.ts";
import { divRoundHalfUp, fenToYuan, mulToFen } from "../src/money/index.ts";

/**
 * A second reading of AUDIT-CONTRACT section 5, written straight from its table for the
 * differential test: no indexes, no caches, the whole history as full visits, money through the
 * general money helpers, dates through Date.UTC. Slow on purpose; the engine must agree with it.
 */
export interface OracleFinding {
  rule: string;
  lines: string[];
  amount: string;
}

type Ctx = { v: Visit; history: Visit[]; kb: KnowledgeBase };

const fen = (q: bigint, p: bigint) => mulToFen(q, 4, p, 6);
const INPATIENT = ["21", "52"];
const dayOf = (t: string) => Date.UTC(+t.slice(0, 4), +t.slice(5, 7) - 1, +t.slice(8, 10)) / 86_400_000;
function age(brdy: string, on: string): number {
  const [by, bm, bd] = brdy.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
const itemOf = (c: Ctx, l: FeeLine) => c.kb.itemAt(l.code, dayOf(l.date));
const amt = (ls: FeeLine[]) => ls.reduce((s, l) => s + l.amount, 0n);
const total = (v: Visit) => amt(v.lines);
function alloc(group: FeeLine[], excess: bigint): bigint {
  let e = excess;
  let a = 0n;
  for (const l of [...group].reverse()) {
    if (e <= 0n) break;
    const t = l.qty < e ? l.qty : e;
    a += fen(t, l.price);
    e -= t;
  }
  return a;
}
const uniq = <T>(xs: T[]) => [...new Set(xs)];
const known = (c: Ctx) => c.v.lines.filter((l) => itemOf(c, l));
const ofCode = (ls: FeeLine[], code: string) => ls.filter((l) => l.code === code);

type Out = (rule: string, lines: FeeLine[], amount: bigint) => void;

function perLine(c: Ctx, out: Out): void {
  const v = c.v;
  for (const l of v.lines) {
    const it = itemOf(c, l);
    if (!it) {
      out("unknown-item", [l], l.amount);
      continue;
    }
    if (it.priceCap !== null && l.price > it.priceCap)
      out("price-over-cap", [l], fen(l.qty, l.price - it.priceCap));
    if (it.sex !== null && it.sex !== v.person.gend) out("sex-restricted-item", [l], l.amount);
    const a = age(v.person.brdy, l.date);
    if ((it.minAge !== null && a < it.minAge) || (it.maxAge !== null && a > it.maxAge))
      out("age-restricted-item", [l], l.amount);
    if (it.levels && !it.levels.has(v.institution.level)) out("level-restricted-item", [l], l.amount);
    if (it.medTypes && !it.medTypes.has(v.medType)) out("med-type-restricted-item", [l], l.amount);
    if (it.depts && !it.depts.some((p) => v.dept === p || v.dept.startsWith(p + ".")))
      out("dept-restricted-item", [l], l.amount);
    if (it.indications && !v.diagnoses.some((d) => it.indications!.some((p) => d.startsWith(p))))
      out("indication-not-met", [l], l.amount);
    if (it.requires && !it.requires.some((code) => known(c).some((m) => m.code === code)))
      out("material-without-procedure", [l], l.amount);
  }
  for (const l of v.lines) {
    if (l.date < v.begndate || l.date > v.enddate) out("charge-outside-stay", [l], l.amount);
    const f = fen(l.qty, l.price);
    if (l.amount !== f) out("amount-mismatch", [l], l.amount > f ? l.amount - f : f - l.amount);
    const m = ["11", "14", "41", "51"].includes(v.medType) ? c.kb.paramsAt(v.beg).rxDaysMax[v.medType] : null;
    if (l.kind === "drug" && m != null && l.days! > m)
      out("rx-days-over-limit", [l], divRoundHalfUp(l.amount * BigInt(l.days! - m), BigInt(l.days!)));
  }
}

function perItem(c: Ctx, out: Out): void {
  const ls = known(c);
  for (const code of uniq(ls.map((l) => l.code))) {
    const g = ofCode(ls, code);
    const it = itemOf(c, g[0]!)!;
    const dates = uniq(g.map((l) => l.date)).sort();
    if (it.maxDaysPerVisit !== null && dates.length > it.maxDaysPerVisit) {
      const later = g.filter((l) => dates.indexOf(l.date) >= it.maxDaysPerVisit!);
      out("days-over-course-limit", later, amt(later));
    }
    if (it.maxQtyPerDay !== null)
      for (const d of dates) {
        const gd = g.filter((l) => l.date === d);
        const s = gd.reduce((x, l) => x + l.qty, 0n);
        if (s > it.maxQtyPerDay) out("qty-over-daily-max", gd, alloc(gd, s - it.maxQtyPerDay));
      }
    const sum = g.reduce((x, l) => x + l.qty, 0n);
    if (it.maxQtyPerVisit !== null && sum > it.maxQtyPerVisit)
      out("qty-over-visit-max", g, alloc(g, sum - it.maxQtyPerVisit));
    if (it.maxTimes !== null && it.periodDays !== null) {
      const over: FeeLine[] = [];
      let a = 0n;
      g.forEach((l) => {
        const inWindow = (m: FeeLine) => dayOf(l.date) - it.periodDays! < dayOf(m.date) && m.date <= l.date;
        const earlier = c.history.flatMap((h) => h.lines).filter((m) => m.code === code && inWindow(m));
        const own = v_linesUpTo(c.v, l).filter((m) => m.code === code && inWindow(m));
        const w = [...earlier, ...own].reduce((x, m) => x + m.qty, 0n);
        if (w > it.maxTimes!) {
          over.push(l);
          a += fen(l.qty < w - it.maxTimes! ? l.qty : w - it.maxTimes!, l.price);
        }
      });
      if (over.length) out("frequency-over-period", over, a);
    }
  }
  for (const d of uniq(ls.map((l) => l.date))) {
    const pieces = ls.filter((l) => l.date === d && itemOf(c, l)!.chrgitmType === "10");
    if (pieces.length && pieces.every((l) => itemOf(c, l)!.aloneUnpayable))
      out("tcm-piece-alone", pieces, amt(pieces));
  }
}

const v_linesUpTo = (v: Visit, l: FeeLine) => v.lines.slice(0, v.lines.indexOf(l) + 1);

function pairs(c: Ctx, out: Out): void {
  const ls = known(c);
  const rules = {
    same_day: "exclusive-pair-same-day",
    included: "included-item-charged",
    contraindicated: "contraindicated-pair",
  };
  for (const p of c.kb.data.pairs) {
    const a = ofCode(ls, p.a);
    const b = ofCode(ls, p.b);
    if (!a.length || !b.length) continue;
    if (p.relation === "same_visit") {
      if (inForce(p.validity, c.v.beg))
        out("exclusive-pair-same-visit", [...a, ...b], amt(a) < amt(b) ? amt(a) : amt(b));
      continue;
    }
    for (const d of uniq(a.map((l) => l.date)).filter((d) => b.some((l) => l.date === d))) {
      if (!inForce(p.validity, dayOf(d))) continue;
      const ad = a.filter((l) => l.date === d);
      const bd = b.filter((l) => l.date === d);
      const amount = p.relation === "included" ? amt(bd) : amt(ad) < amt(bd) ? amt(ad) : amt(bd);
      out(rules[p.relation], [...ad, ...bd], amount);
    }
  }
  const seen = new Set<FeeLine>();
  for (const l of c.v.lines) {
    if (seen.has(l)) continue;
    const g = c.v.lines.filter(
      (m) => m.code === l.code && m.date === l.date && m.qty === l.qty && m.price === l.price,
    );
    for (const m of g) seen.add(m);
    if (g.length >= 2) out("duplicate-line", g, amt(g) - g[0]!.amount);
  }
}

function stays(c: Ctx, out: Out): void {
  const { v, history, kb } = c;
  const p = kb.paramsAt(v.beg);
  const stayDays = dayOf(v.enddate) - dayOf(v.begndate);
  const inpatient = INPATIENT.includes(v.medType);
  const visitLevel = (rule: string) => out(rule, [], total(v));
  if (
    ["11", "14", "41", "51"].includes(v.medType) &&
    history.some((h) => INPATIENT.includes(h.medType) && h.begndate < v.begndate && v.begndate < h.enddate)
  )
    visitLevel("outpatient-during-stay");
  if (
    inpatient &&
    history.some((h) => INPATIENT.includes(h.medType) && h.begndate < v.enddate && v.begndate < h.enddate)
  )
    visitLevel("overlapping-stays");
  const gap = (h: Visit) => dayOf(v.begndate) - dayOf(h.enddate);
  if (
    v.medType === "21" &&
    v.diagnoses.length > 0 &&
    history.some(
      (h) =>
        h.medType === "21" &&
        h.institution.code === v.institution.code &&
        h.diagnoses.length > 0 &&
        h.diagnoses[0]!.slice(0, 3) === v.diagnoses[0]!.slice(0, 3) &&
        gap(h) >= 0 &&
        gap(h) <= p.readmissionDays,
    )
  )
    visitLevel("split-admission");
  const chrg = (l: FeeLine) => itemOf(c, l)?.chrgitmType;
  if (inpatient) {
    const beds = v.lines.filter((l) => chrg(l) === "01");
    const s = beds.reduce((x, l) => x + l.qty, 0n);
    const allowed = BigInt(Math.max(1, stayDays)) * 10_000n;
    if (beds.length && s > allowed) out("bed-days-over-stay", beds, alloc(beds, s - allowed));
    const bedOnly = uniq(beds.map((l) => l.date)).filter(
      (d) => !v.lines.some((l) => l.date === d && p.careTypes.has(chrg(l) ?? "")),
    );
    if (bedOnly.length > p.bedOnlyDaysMax) {
      const ls = beds.filter((l) => bedOnly.includes(l.date));
      out("bed-days-without-care", ls, amt(ls));
    }
  }
  if (
    v.medType === "21" &&
    stayDays <= p.lowStdStayDays &&
    v.lines.every((l) => p.lowStdTypes.has(chrg(l) ?? "unknown"))
  )
    visitLevel("low-standard-admission");
  const frequent = (kinds: string[], days: number, max: number, rule: string) => {
    if (!kinds.includes(v.medType)) return;
    const n =
      1 +
      history.filter(
        (h) =>
          kinds.includes(h.medType) &&
          dayOf(v.begndate) - days < dayOf(h.begndate) &&
          h.begndate <= v.begndate,
      ).length;
    if (n > max) visitLevel(rule);
  };
  frequent(["11", "14"], p.freqOutpatientDays, p.freqOutpatientMax, "frequent-outpatient-visits");
  frequent(["41"], p.freqPharmacyDays, p.freqPharmacyMax, "frequent-pharmacy-purchases");
  if (
    v.medType === "14" &&
    !(
      v.diagnoses[0] !== undefined &&
      kb.data.chronicDx.some((r) => inForce(r.validity, v.beg) && v.diagnoses[0]!.startsWith(r.prefix))
    )
  )
    visitLevel("chronic-dx-not-covered");
}

function medical(c: Ctx, out: Out): void {
  const { v, history, kb } = c;
  const visitLevel = (rule: string) => out(rule, [], total(v));
  const dx = (prefix: string) => v.diagnoses.some((d) => d.startsWith(prefix));
  if (kb.data.dxSex.some((r) => inForce(r.validity, v.beg) && r.sex !== v.person.gend && dx(r.prefix)))
    visitLevel("dx-sex-mismatch");
  const a = age(v.person.brdy, v.begndate);
  if (
    kb.data.dxAge.some(
      (r) =>
        inForce(r.validity, v.beg) &&
        dx(r.prefix) &&
        ((r.minAge !== null && a < r.minAge) || (r.maxAge !== null && a > r.maxAge)),
    )
  )
    visitLevel("dx-age-mismatch");
  if (
    INPATIENT.includes(v.medType) &&
    kb.data.dxSupport.some(
      (r) =>
        inForce(r.validity, v.beg) &&
        v.diagnoses.slice(1).some((d) => d.startsWith(r.prefix)) &&
        !r.supportCodes.some((code) => known(c).some((l) => l.code === code)),
    )
  )
    visitLevel("cc-without-care");
  const prescribing = ["11", "14", "41"];
  if (!prescribing.includes(v.medType)) return;
  const key = (l: FeeLine) => itemOf(c, l)?.drugGroup ?? l.code;
  const max = kb.paramsAt(v.beg).repeatOverlapDaysMax;
  for (const l of v.lines.filter((x) => x.kind === "drug")) {
    const left = history
      .filter((h) => prescribing.includes(h.medType))
      .flatMap((h) => h.lines)
      .filter((m) => m.kind === "drug" && key(m) === key(l) && m.date <= l.date)
      .map((m) => dayOf(m.date) + m.days! - dayOf(l.date));
    if (left.length && Math.max(...left) > max) out("drug-repeat-across-visits", [l], l.amount);
  }
}

/** The contract's findings of a valid visit given its history (every contract rule, as enabled in the knowledge base). */
export function oracleFindings(kb: KnowledgeBase, v: Visit, history: Visit[]): OracleFinding[] {
  const found: OracleFinding[] = [];
  const enabled = kb.rulesAt(v.beg);
  const out: Out = (rule, lines, amount) => {
    if (enabled.get(rule)?.enabled)
      found.push({ rule, lines: lines.map((l) => l.id), amount: fenToYuan(amount) });
  };
  const c = { v, history, kb };
  perLine(c, out);
  perItem(c, out);
  pairs(c, out);
  stays(c, out);
  medical(c, out);
  return found;
}
