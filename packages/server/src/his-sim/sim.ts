import { strToU8, zipSync } from "fflate";
import { type Answer, HisClient, type Transport, type WireStyle } from "./his-client.ts";

/**
 * The HIS simulator (yibao his-sim): hospitals playing whole outpatient visits against a server
 * over the public NHSA interface only, at a given rate. Each hospital signs in (9001); each visit
 * looks the patient up (1101, by ID number or card, or by e-voucher when one is given), admits
 * (2201), uploads fee lines (2204), sometimes cancels one (2205), pre-settles (2206), settles
 * (2207) and sometimes reverses (2208); patients insured in another region are sent with their
 * region as insuplc_admdvs. At the end each hospital reconciles the day (3201 totals and 3202
 * detail, from what it settled: every other hospital inline, the others as the national detail
 * file uploaded with 9101) and signs out (9002). Every answer is counted by infno and
 * infcode, and every settlement is checked to balance to the fen.
 */

/** A patient as a hospital meets them: a credential, and the region they are insured in. */
export interface SimPerson {
  /** 01 e-voucher, 02 ID number, 03 social security card */
  certType: "01" | "02" | "03";
  /** the credential; for 01 a function that gets a fresh token */
  certNo: string | (() => Promise<string>);
  insuredRegion: string;
}

export interface SimInstitution {
  code: string;
  region: string;
  key?: { accessKey: string; secret: string };
}

export interface SimOptions {
  transport: Transport;
  institutions: SimInstitution[];
  persons: SimPerson[];
  /** visits started per second, over all institutions */
  rate: number;
  /** stop starting visits after this many seconds ... */
  durationS?: number;
  /** ... or after this many visits (whichever comes first) */
  visits?: number;
  /** at most this many visits in flight */
  concurrency?: number;
  /** fee line codes (the treatment region's catalogue); unknown codes are settled as self-pay */
  codes: string[];
  /** fee lines per visit (default 1 to 6) */
  lines?: number;
  /** the fraction of visits with a line cancelled (2205) before settling, and reversed (2208) after */
  cancelShare?: number;
  reverseShare?: number;
  now: () => Date;
  /** a pseudo-random source in [0, 1) (tests give a seeded one) */
  random?: () => number;
  onVisit?: (done: number, s: SimSummary) => void;
}

export interface SimSummary {
  visits: number;
  settled: number;
  reversed: number;
  outOfRegion: number;
  /** answers by infno, then by infcode */
  answers: Record<string, Record<string, number>>;
  /** 1101 lookups sent by mdtrt_cert_type (01 e-voucher, 02 ID number, 03 card) */
  lookupsByCertType: Record<string, number>;
  /** the first refusals seen (infno: err_msg), at most 20 */
  refusals: string[];
  /** settlements or reversals whose amounts do not balance */
  imbalances: string[];
  /** transport failures (connection refused, HTTP status not 200) */
  failures: string[];
  /** 3202 results of the hospitals: consistent or not */
  reconciled: { consistent: number; inconsistent: number };
  messages: number;
  elapsedMs: number;
  /** from the first visit started to the last one done (sign-in, reconciliation and sign-out not counted) */
  visitsMs: number;
}

const STYLES: WireStyle[] = [
  { contentType: "application/json;charset=UTF-8", path: "callService", msgid: "institution" },
  { contentType: "text/plain;charset=utf-8", path: "callService/infno", msgid: "uuid" },
  { contentType: "application/json", path: "callService/infno", msgid: "timestamp" },
];

const fen = (yuan: string) => {
  const neg = yuan.startsWith("-");
  const [i, f = ""] = (neg ? yuan.slice(1) : yuan).split(".");
  const v = BigInt(i!) * 100n + BigInt((f + "00").slice(0, 2));
  return neg ? -v : v;
};
const yuanOf = (v: bigint) => {
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? "-" : ""}${a / 100n}.${String(a % 100n).padStart(2, "0")}`;
};
const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const chinaTime = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");

interface Settled {
  setl_id: string;
  mdtrt_id: string;
  psn_no: string;
  insutype: string;
  medfee: bigint;
  fund: bigint;
  acct: bigint;
  refd: "0" | "1";
}

export async function runHisSim(o: SimOptions): Promise<SimSummary> {
  const random = o.random ?? Math.random;
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const s: SimSummary = {
    visits: 0,
    settled: 0,
    reversed: 0,
    outOfRegion: 0,
    answers: {},
    lookupsByCertType: {},
    refusals: [],
    imbalances: [],
    failures: [],
    reconciled: { consistent: 0, inconsistent: 0 },
    messages: 0,
    elapsedMs: 0,
    visitsMs: 0,
  };
  const started = performance.now();
  const hospitals = o.institutions.map((inst, i) => ({
    inst,
    style: STYLES[i % STYLES.length]!,
    settled: [] as Settled[],
    client: (insuredRegion?: string) =>
      new HisClient({
        transport: o.transport,
        fixmedinsCode: inst.code,
        region: inst.region,
        insuredRegion,
        key: inst.key,
        style: STYLES[i % STYLES.length]!,
        now: o.now,
      }),
    signNo: "",
  }));

  const count = (infno: string, code: string) => {
    const byCode = s.answers[infno] ?? {};
    byCode[code] = (byCode[code] ?? 0) + 1;
    s.answers[infno] = byCode;
  };
  const send = async (his: HisClient, infno: string, input: Record<string, unknown>) => {
    s.messages++;
    let a: Answer;
    try {
      a = await his.send(infno, input);
    } catch (err) {
      if (s.failures.length < 20) s.failures.push(`${infno}: ${(err as Error).message}`);
      count(infno, "failed");
      return null;
    }
    count(infno, String(a.infcode));
    if (a.infcode !== 0) {
      if (s.refusals.length < 20) s.refusals.push(`${infno}: ${a.err_msg}`);
      return null;
    }
    return a.output;
  };

  const balanced = (what: string, si: Record<string, string>, sign: bigint) => {
    const m = (k: string) => fen(si[k]!);
    const ok =
      m("medfee_sumamt") === m("fund_pay_sumamt") + m("psn_part_amt") &&
      m("psn_part_amt") === m("acct_pay") + m("psn_cash_pay") &&
      sign * m("medfee_sumamt") >= 0n;
    if (!ok && s.imbalances.length < 20) s.imbalances.push(`${what} ${si.setl_id}`);
    return ok;
  };

  // sign in
  for (const h of hospitals) {
    const his = h.client();
    await send(his, "9001", { signIn: { opter_no: "001", mac: "00-16-EA-AE-3C-40", ip: "10.0.0.8" } });
    h.signNo = his.signNo;
  }

  const visit = async () => {
    const h = pick(hospitals);
    const person = pick(o.persons);
    const away = person.insuredRegion !== h.inst.region;
    const his = h.client(person.insuredRegion);
    his.signNo = h.signNo;
    const certNo = typeof person.certNo === "string" ? person.certNo : await person.certNo();
    const cert = { mdtrt_cert_type: person.certType, mdtrt_cert_no: certNo };
    s.lookupsByCertType[person.certType] = (s.lookupsByCertType[person.certType] ?? 0) + 1;
    const found = await send(his, "1101", { data: cert });
    if (!found) return;
    const psnNo: string = found.baseinfo.psn_no;
    const insutype: string = found.insuinfo[0]?.insutype ?? "310";
    const begntime = chinaTime(o.now());
    const reg = await send(his, "2201", {
      data: { psn_no: psnNo, insutype, begntime, ...cert, ipt_otp_no: `MZ${s.visits}`, dept_code: "01" },
    });
    if (!reg) return;
    const mdtrtId: string = reg.data.mdtrt_id;
    const n = o.lines ?? 1 + Math.floor(random() * 6);
    const lines = Array.from({ length: n }, (_, i) => {
      const pric = (Math.floor(random() * 20_000) + 100) / 100; // 1.00 .. 200.99
      const cnt = 1 + Math.floor(random() * 3);
      return {
        feedetl_sn: `F${String(i + 1).padStart(3, "0")}`,
        mdtrt_id: mdtrtId,
        psn_no: psnNo,
        chrg_bchno: "B0001",
        fee_ocur_time: begntime,
        med_list_codg: pick(o.codes),
        medins_list_codg: `L${i}`,
        det_item_fee_sumamt: Math.round(pric * cnt * 100) / 100,
        cnt,
        pric,
        bilg_dept_codg: "D01",
        hosp_appr_flag: "1",
      };
    });
    const up = await send(his, "2204", { feedetail: lines });
    if (!up) return;
    let medfee = 0n;
    for (const r of up.result) medfee += fen(r.det_item_fee_sumamt);
    const sent = lines.reduce((t, l) => t + BigInt(Math.round(l.det_item_fee_sumamt * 100)), 0n);
    if (medfee !== sent && s.imbalances.length < 20) s.imbalances.push(`2204 ${mdtrtId}: lines`);
    if (n > 1 && random() < (o.cancelShare ?? 0.1)) {
      const last = lines[n - 1]!;
      const cancel = { mdtrt_id: mdtrtId, psn_no: psnNo, feedetl_sn: last.feedetl_sn };
      const cancelled = await send(his, "2205", { data: [cancel] });
      if (!cancelled) return;
      if (cancelled.cancelled !== 1 && s.imbalances.length < 20)
        s.imbalances.push(`2205 ${mdtrtId}: cancelled ${cancelled.cancelled}`);
      medfee -= BigInt(Math.round(last.det_item_fee_sumamt * 100));
    }
    const data = {
      psn_no: psnNo,
      mdtrt_id: mdtrtId,
      ...cert,
      med_type: "11",
      medfee_sumamt: yuanOf(medfee),
      psn_setlway: "01",
      chrg_bchno: "B0001",
      acct_used_flag: random() < 0.5 ? "1" : "0",
      insutype,
    };
    if (!(await send(his, "2206", { data }))) return;
    const settled = await send(his, "2207", { data });
    if (!settled) return;
    const si = settled.setlinfo;
    balanced("2207", si, 1n);
    s.settled++;
    if (away) s.outOfRegion++;
    const entry = (x: Record<string, string>, refd: "0" | "1"): Settled => ({
      setl_id: x.setl_id!,
      mdtrt_id: mdtrtId,
      psn_no: psnNo,
      insutype,
      medfee: fen(x.medfee_sumamt!),
      fund: fen(x.fund_pay_sumamt!),
      acct: fen(x.acct_pay!),
      refd,
    });
    h.settled.push(entry(si, "0"));
    if (random() < (o.reverseShare ?? 0.05)) {
      const rev = await send(his, "2208", {
        data: { setl_id: si.setl_id, mdtrt_id: mdtrtId, psn_no: psnNo },
      });
      if (!rev) return;
      const ri = rev.setlinfo;
      balanced("2208", ri, -1n);
      for (const k of ["medfee_sumamt", "fund_pay_sumamt", "acct_pay"])
        if (fen(ri[k]) !== -fen(si[k]) && s.imbalances.length < 20)
          s.imbalances.push(`2208 ${ri.setl_id}: ${k} does not negate`);
      h.settled.push(entry(ri, "1"));
      s.reversed++;
    }
  };

  // visits at the rate, at most `concurrency` in flight
  const visitsStarted = performance.now();
  const total = Math.min(o.visits ?? Number.POSITIVE_INFINITY, Math.ceil(o.rate * (o.durationS ?? 60)));
  const limit = o.concurrency ?? 64;
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  const until = o.durationS === undefined ? Number.POSITIVE_INFINITY : started + o.durationS * 1000;
  for (let i = 0; i < total && performance.now() < until; i++) {
    const due = started + (i / o.rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inFlight.size >= limit) await Promise.race(inFlight);
    s.visits++;
    const p: Promise<void> = visit()
      .catch((err) => {
        if (s.failures.length < 20) s.failures.push(`visit: ${(err as Error).message}`);
      })
      .finally(() => {
        inFlight.delete(p);
        o.onVisit?.(++done, s);
      });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  s.visitsMs = performance.now() - visitsStarted;

  // each hospital reconciles the day (3201 per insutype, 3202 in detail) and signs out
  const today = day(o.now());
  for (const h of hospitals) {
    const his = h.client();
    his.signNo = h.signNo;
    const period = { setl_optins: h.inst.region, stmt_begndate: today, stmt_enddate: today };
    for (const insutype of [...new Set(h.settled.map((x) => x.insutype))]) {
      const mine = h.settled.filter((x) => x.insutype === insutype);
      const sum = (k: "medfee" | "fund" | "acct") => yuanOf(mine.reduce((t, x) => t + x[k], 0n));
      await send(his, "3201", {
        data: {
          ...period,
          insutype,
          clr_type: "11",
          medfee_sumamt: sum("medfee"),
          fund_pay_sumamt: sum("fund"),
          acct_pay: sum("acct"),
          fixmedins_setl_cnt: mine.reduce((t, x) => t + (x.refd === "1" ? -1 : 1), 0),
        },
      });
    }
    const lines = h.settled.map((x) => ({
      setl_id: x.setl_id,
      mdtrt_id: x.mdtrt_id,
      psn_no: x.psn_no,
      medfee_sumamt: yuanOf(x.medfee),
      fund_pay_sumamt: yuanOf(x.fund),
      acct_pay: yuanOf(x.acct),
      refd_setl_flag: x.refd,
    }));
    // every other hospital the national way: the detail file zipped, uploaded with 9101, named by file_qury_no
    const name = `${h.inst.code}_${today.replaceAll("-", "")}`;
    const up =
      hospitals.indexOf(h) % 2 === 1
        ? await send(his, "9101", {
            fsUploadIn: { in: detailZip(name, lines), filename: `${name}.zip`, fixmedins_code: h.inst.code },
          })
        : null;
    const file = up ? (up.file_qury_no as string) : null;
    const detail = await send(
      his,
      "3202",
      file ? { data: { ...period, file_qury_no: file } } : { data: period, detail: lines },
    );
    if (detail) s.reconciled[detail.stmtinfo.stmt_rslt === "0" ? "consistent" : "inconsistent"]++;
    await send(his, "9002", { signOut: { sign_no: h.signNo, opter_no: "001" } });
  }
  s.elapsedMs = performance.now() - started;
  return s;
}

/** The day's detail file as the national interface has it: tab-separated lines, zipped. */
function detailZip(name: string, lines: Record<string, string>[]) {
  const text = lines.map((l) => Object.values(l).join("\t")).join("\n");
  return Buffer.from(zipSync({ [`${name}.txt`]: strToU8(text) })).toString("base64");
}

/** The summary as lines: visits, answers by infno and infcode, what did not balance. */
export function summaryLines(s: SimSummary): string[] {
  const secs = s.elapsedMs / 1000;
  const lines = [
    `visits ${s.visits}, settled ${s.settled} (out of region ${s.outOfRegion}), reversed ${s.reversed}, ` +
      `messages ${s.messages} in ${secs.toFixed(1)} s (${(s.messages / Math.max(secs, 0.001)).toFixed(1)}/s)`,
    `1101 lookups by mdtrt_cert_type (01 e-voucher, 02 ID number, 03 card): ${
      Object.entries(s.lookupsByCertType)
        .sort()
        .map(([t, n]) => `${t}=${n}`)
        .join(" ") || "none"
    }`,
    "answers by infno: infcode=count",
  ];
  for (const infno of Object.keys(s.answers).sort())
    lines.push(
      `  ${infno} ${Object.entries(s.answers[infno]!)
        .map(([c, n]) => `${c}=${n}`)
        .join(" ")}`,
    );
  lines.push(`3202: consistent ${s.reconciled.consistent}, inconsistent ${s.reconciled.inconsistent}`);
  lines.push(`imbalances ${s.imbalances.length}${s.imbalances.length ? `: ${s.imbalances.join(", ")}` : ""}`);
  if (s.refusals.length) lines.push(`first refusals: ${s.refusals.slice(0, 5).join(" | ")}`);
  if (s.failures.length) lines.push(`failures: ${s.failures.slice(0, 5).join(" | ")}`);
  return lines;
}
