import { fenToYuan, yuanToFen } from "@yibao/core/money";
import { sql } from "kysely";
import { percentText } from "@yibao/core/fund";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchAnswers } from "../../test/answer-shape.ts";
import { type TestApp, openTestApp } from "../../test/test-app.ts";
import { exportRows } from "../analytics/export.service.ts";
import { serverContext } from "../settlement/context.ts";
import { simulate } from "../simulation/simulate.ts";
import { silentProgress } from "../simulation/world.ts";

/**
 * The fund and the indicators over a small simulated year (Kunming, 2025, read in January 2026):
 * every figure the API answers is checked against the ledgers it comes from, read here directly.
 */
const NOW = new Date("2026-01-15T02:00:00Z");
const OPTIONS = { region: "530100", insured: 120, year: 2025, seed: 11 };

describe("fund and indicators over a simulated year", () => {
  let t: TestApp;
  let answers: ReturnType<typeof watchAnswers>;
  beforeAll(async () => {
    t = await openTestApp(() => NOW);
    answers = watchAnswers(t.app);
    await simulate(t.handle.db, serverContext(), OPTIONS, silentProgress, () => NOW);
  }, 600_000);
  afterAll(async () => t?.close());

  const get = async (url: string, role: "leader" | "agency" = "leader") =>
    t.app.inject({ method: "GET", url, headers: await t.auth(role, { regionCode: "530100" }) });

  it("answers each fund's year with balances that equal the ledgers", async () => {
    const res = await get("/api/v1/fund?region=530100&year=2025");
    expect(res.statusCode, res.body).toBe(200);
    answers.expectWhole(res);
    const body = res.json();
    expect(body.monthsElapsed).toBe(12);
    const { rows: ledger } = await sql<{ account: string; net: string }>`
      select l.account, sum(l.debit - l.credit)::text as net from fund_ledger l
      join settlements s on s.id = l.settlement_id
      where l.account like 'fund:%' and s.setl_time >= '2025-01-01T00:00:00+08:00'
        and s.setl_time < '2026-01-01T00:00:00+08:00'
      group by l.account`.execute(t.handle.db);
    const paidByLedger = new Map(ledger.map((r) => [r.account.slice(5), BigInt(r.net)]));
    expect(paidByLedger.get("310100") ?? 0n).toBeGreaterThan(0n);
    for (const f of body.funds) {
      const e = f.expenditure;
      expect(yuanToFen(e.settlements) + yuanToFen(e.manual_reimbursements), f.fund).toBe(
        paidByLedger.get(f.fund) ?? 0n,
      );
      expect(yuanToFen(f.accumulated)).toBe(
        yuanToFen(f.opening) +
          yuanToFen(f.openingBooked) +
          yuanToFen(f.incomeTotal) -
          yuanToFen(f.expenditureTotal),
      );
      expect(f.monthly).toHaveLength(12);
      expect(f.monthly[11].accumulated).toBe(f.accumulated);
    }
    const { rows: paid } = await sql<{ total: string }>`
      select coalesce(sum(p.amount), 0)::text as total from contribution_payments p
      join contribution_assessments a on a.id = p.assessment_id
      where greatest(p.paid_on, a.coverage_start) between '2025-01-01' and '2025-12-31'`.execute(t.handle.db);
    const pools = body.funds.filter((f: { fund: string }) => f.fund === "310100" || f.fund === "390100");
    const contributions = pools.reduce(
      (a: bigint, f: { income: { contributions: string } }) => a + yuanToFen(f.income.contributions),
      0n,
    );
    expect(contributions).toBe(BigInt(paid[0]!.total));
    expect(body.pools.accumulated).toBe(
      fenToYuan(pools.reduce((a: bigint, f: { accumulated: string }) => a + yuanToFen(f.accumulated), 0n)),
    );
    expect(body.pools.budget).not.toBeNull(); // the simulator sets the year's budget
    expect(body.pools.projection.years).toHaveLength(3);
  });

  it("answers the indicator table, each settlement ratio equal to the settlements' own sums", async () => {
    const res = await get("/api/v1/indicators?region=530100&year=2025");
    expect(res.statusCode, res.body).toBe(200);
    answers.expectWhole(res);
    const byKey = new Map(res.json().indicators.map((i: { key: string }) => [i.key, i]));
    const { rows } = await sql<{ num: string; den: string }>`
      select sum(s.pool_pay + s.large_amount_pay)::text as num, sum(s.in_scope)::text as den
      from settlements s join visits v on v.id = s.visit_id
      where v.insutype = '310' and (v.med_type like '2%' or v.med_type = '52')`.execute(t.handle.db);
    const employee = byKey.get("employee_inpatient_reimbursement_ratio") as Record<string, string>;
    expect(employee.numerator).toBe(fenToYuan(BigInt(rows[0]!.num)));
    expect(employee.denominator).toBe(fenToYuan(BigInt(rows[0]!.den)));
    expect(employee.value).toMatch(/^\d+\.\d{2}$/);
    const participation = byKey.get("participation_rate") as { value: string; monthly: unknown[] };
    expect(participation.value).toMatch(/^\d+\.\d{2}$/);
    expect(participation.monthly).toHaveLength(12);
    const missing = byKey.get("online_service_share") as { value: null; reason: string };
    expect(missing.value).toBeNull();
    expect(missing.reason).toContain("not recorded");
    expect((byKey.get("fund_reserve_months") as { value: string }).value).toMatch(/^-?\d+\.\d{2}$/);
  });

  it("gives the participation of the latest month aggregated while the month elapsed is not yet", async () => {
    const december = await t.handle.db
      .selectFrom("enrolment_monthly")
      .selectAll()
      .where("year", "=", 2025)
      .where("month", "=", 12)
      .execute();
    expect(december.length).toBeGreaterThan(0);
    await t.handle.db
      .deleteFrom("enrolment_monthly")
      .where("year", "=", 2025)
      .where("month", "=", 12)
      .execute();
    try {
      const res = await get("/api/v1/indicators?region=530100&year=2025");
      expect(res.statusCode, res.body).toBe(200);
      type Row = { key: string; value: string | null; monthly: { month: number; value: string | null }[] };
      const p = res.json().indicators.find((i: Row) => i.key === "participation_rate") as Row;
      expect(p.monthly[11]!.value).toBeNull(); // December: not aggregated, unknown (not 0%)
      expect(p.monthly[10]!.value).toMatch(/^\d+\.\d{2}$/);
      expect(p.value).toBe(p.monthly[10]!.value);
    } finally {
      await t.handle.db.insertInto("enrolment_monthly").values(december).execute();
    }
  });

  it("streams the settlement export page by page, and the settlement indicators recomputed from it equal the API", async () => {
    const q = { region: "530100", from: "2025-01-01", to: "2025-12-31" };
    const pages: number[] = [];
    let rows = 0;
    for await (const _ of exportRows(t.handle.db, q, 100, (n) => pages.push(n))) rows++;
    const { rows: all } = await sql<{ n: string }>`select count(*)::text as n from settlements`.execute(
      t.handle.db,
    );
    expect(rows).toBe(Number(all[0]!.n));
    expect(pages.length).toBeGreaterThan(2); // read in pages of 100, never the whole year at once
    expect(Math.max(...pages)).toBe(100);
    const res = await get(`/api/v1/settlements/export?region=530100&from=${q.from}&to=${q.to}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    const csv = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(rows);
    const inpatient = (r: Record<string, string>) => /^2\d$|^52$/.test(r.med_type!);
    const fen = (r: Record<string, string>, k: string) => yuanToFen(r[k]!);
    const ratio = (
      over: (r: Record<string, string>) => boolean,
      num: (r: Record<string, string>) => bigint,
      den: string,
    ) => {
      let n = 0n;
      let d = 0n;
      for (const r of csv.filter(over)) {
        n += num(r);
        d += fen(r, den);
      }
      return percentText(n, d);
    };
    const expected: Record<string, string | null> = {
      employee_inpatient_reimbursement_ratio: ratio(
        (r) => r.insutype === "310" && inpatient(r),
        (r) => fen(r, "hifp_pay") + fen(r, "hifob_pay"),
        "inscp_scp_amt",
      ),
      resident_inpatient_reimbursement_ratio: ratio(
        (r) => r.insutype === "390" && inpatient(r),
        (r) => fen(r, "hifp_pay") + fen(r, "hifmi_pay"),
        "inscp_scp_amt",
      ),
      assistance_ratio_key_recipients: ratio(
        (r) => inpatient(r) && (r.maf_category === "tk" || r.maf_category === "db"),
        (r) => fen(r, "maf_pay"),
        "inscp_scp_amt",
      ),
      drg_dip_share_inpatient_cost: ratio(
        inpatient,
        (r) => (r.payment === "drg" || r.payment === "dip" ? fen(r, "medfee_sumamt") : 0n),
        "medfee_sumamt",
      ),
      cross_province_direct_settlement_rate: ratio(
        (r) => inpatient(r) && r.out_of_province === "1",
        (r) => (r.payment === "manual" ? 0n : fen(r, "medfee_sumamt")),
        "medfee_sumamt",
      ),
    };
    const table = (await get("/api/v1/indicators?region=530100&year=2025")).json().indicators as {
      key: string;
      value: string | null;
    }[];
    const answered = Object.fromEntries(table.filter((i) => i.key in expected).map((i) => [i.key, i.value]));
    expect(answered).toEqual(expected);
    expect(expected.employee_inpatient_reimbursement_ratio).not.toBeNull();
    const backwards = await get("/api/v1/settlements/export?region=530100&from=2025-02-01&to=2025-01-01");
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().details.field).toBe("to");
  });

  it("answers the year's DRG/DIP and other payment results", async () => {
    const res = await get("/api/v1/fund/liquidations?region=530100&year=2025");
    expect(res.statusCode, res.body).toBe(200);
    answers.expectWhole(res);
    const runs = res.json().runs as { method: string; payable: string }[];
    expect(runs.map((r) => r.method)).toContain("drg");
  });

  it("sets budgets as versions, audited", async () => {
    const headers = await t.auth("agency", { regionCode: "530100" });
    const put = (funds: unknown) =>
      t.app.inject({ method: "PUT", url: "/api/v1/fund/budgets/530100/2026", headers, payload: { funds } });
    const a = await put([{ fund: "310100", income: "1000000.00", expenditure: "900000.00" }]);
    expect(a.statusCode, a.body).toBe(201);
    answers.expectWhole(a);
    const b = await put([{ fund: "310100", income: "1000000.00", expenditure: "950000.00" }]);
    expect(b.json().version).toBe(a.json().version + 1);
    const twice = await put([
      { fund: "310100", income: "1.00", expenditure: "1.00" },
      { fund: "310100", income: "1.00", expenditure: "1.00" },
    ]);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().details.field).toBe("funds[1].fund");
    const audited = await t.handle.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "fund.budget.set")
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(2);
  });

  it("books entries and transfers, reverses them once, and refuses what it cannot reverse", async () => {
    const headers = await t.auth("agency", { regionCode: "530100" });
    const post = (url: string, payload: object) => t.app.inject({ method: "POST", url, headers, payload });
    const entry = await post("/api/v1/fund/entries", {
      region: "530100",
      fund: "390100",
      kind: "interest",
      direction: "in",
      amount: "1234.56",
      bookedOn: "2026-01-10",
      reference: "bank statement 2026-01",
    });
    expect(entry.statusCode, entry.body).toBe(201);
    answers.expectWhole(entry);
    const transfer = await post("/api/v1/fund/transfers", {
      region: "530100",
      from: "390100",
      to: "390200",
      amount: "500.00",
      bookedOn: "2026-01-10",
      reference: "critical-illness premium 2026",
    });
    expect(transfer.statusCode, transfer.body).toBe(201);
    const [out, into] = transfer.json().entries;
    expect([out.direction, into.direction, out.pairId]).toEqual(["out", "in", into.id]);
    const reverse = (id: string) =>
      post(`/api/v1/fund/entries/${id}/reverse`, { reason: "booked in error", bookedOn: "2026-01-11" });
    const r = await reverse(into.id);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().entries.map((e: { amount: string }) => e.amount)).toEqual(["-500.00", "-500.00"]);
    const again = await reverse(out.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("FUND_ENTRY_ALREADY_REVERSED");
    const unknown = await reverse("999999999");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("FUND_ENTRY_UNKNOWN");
    const badDirection = await post("/api/v1/fund/entries", {
      region: "530100",
      fund: "390100",
      kind: "interest",
      direction: "out",
      amount: "1.00",
      bookedOn: "2026-01-10",
      reference: "x",
    });
    expect(badDirection.statusCode).toBe(400);
    expect(badDirection.json().details.field).toBe("direction");
    const list = await get("/api/v1/fund/entries?region=530100&year=2026");
    expect(list.statusCode, list.body).toBe(200);
    answers.expectWhole(list);
    expect(list.json().items).toHaveLength(5);
  });

  it("records the resident population, audited", async () => {
    const res = await t.app.inject({
      method: "PUT",
      url: "/api/v1/indicators/population/530100/2026",
      headers: await t.auth("agency", { regionCode: "530100" }),
      payload: { population: 8_600_000, source: "statistics bureau 2026 estimate" },
    });
    expect(res.statusCode, res.body).toBe(200);
    answers.expectWhole(res);
    expect(res.json().population).toBe("8600000");
  });

  it("continues a simulation only with the options it was started with", async () => {
    await expect(
      simulate(t.handle.db, serverContext(), { ...OPTIONS, seed: 12 }, silentProgress, () => NOW),
    ).rejects.toMatchObject({ code: "SIM_OPTIONS_DIFFER" });
  });
});
