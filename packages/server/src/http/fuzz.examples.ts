import { makeCertno, makeUscc } from "@yibao/core/registry";
import { OUTPATIENT_POLICY, HOSPITAL } from "../features/settlement/settlement.fixture.ts";
import { TRANSACTION_PATHS } from "../features/nhsa/transactions.ts";
import { kbBody } from "../features/supervision/supervision.fixture.ts";
import { TEST_REGION } from "../test/test-app.ts";

/**
 * One valid request for every route of the app (the fuzz test mutates them). `params` fill the
 * path pattern; `body` is JSON unless `csv` is set. Gateway examples are envelopes around an input.
 */
export interface Example {
  method: "GET" | "POST" | "PUT" | "PATCH";
  route: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  csv?: string;
  /** the body's type when it is a file (csv holds its text); default text/csv */
  contentType?: string;
  /** headers instead of the admin's: the online services' sessions */
  headers?: Record<string, string>;
}

/** What the examples refer to: created by the fuzz test's setup. */
export interface Fixture {
  psnNo: string;
  certno: string;
  enrolmentId: string;
  assessmentId: string;
  paymentId: string;
  mdtrtId: string;
  setlId: string;
  /** an auditor the operator routes act on, and a second institution whose gateway keys are managed */
  operatorId: string;
  keyInstitution: string;
  keyId: string;
  /** a commitment filing of the person (530100) for treatment in 530400 */
  filingNo: string;
  /** an online-service session of the fixture's person, one of an employer, and what they made */
  insured: Record<string, string>;
  employer: Record<string, string>;
  employerUscc: string;
  applicationId: string;
  attachmentId: string;
  /** a refused import of the import history */
  importId: string;
}

const CONTRIBUTION_PARAMS = {
  averageMonthlyWage: "6000.00",
  employerRate: "0.0800",
  individualRate: "0.0200",
  employerShareToAccount: "0.3000",
  retireeMonthlyCredit: "100.00",
  residentAnnualPremium: "380.00",
  residentGovernmentSubsidy: "640.00",
  waitingDays: 0,
};

let seq = 5000;
const freshCertno = () => makeCertno("530102", "19900101", ++seq % 1000);

export function restExamples(f: Fixture): Example[] {
  const psn = { psnNo: f.psnNo };
  return [
    { method: "GET", route: "/api/v1/health" },
    { method: "POST", route: "/api/v1/auth/login", body: { login: "nobody", password: "wrong password" } },
    { method: "POST", route: "/api/v1/auth/logout" },
    { method: "GET", route: "/api/v1/auth/me" },
    {
      method: "POST",
      route: "/api/v1/operators",
      body: { login: "fuzz.op", displayName: "Fuzz", role: "auditor", password: "long enough password" },
    },
    { method: "GET", route: "/api/v1/audit-log", query: { entity: "persons", limit: "5" } },
    { method: "GET", route: "/api/v1/person-access-log", query: { psnNo: f.psnNo, limit: "5" } },
    {
      method: "POST",
      route: "/api/v1/auth/password",
      body: { oldPassword: "correct horse battery", newPassword: "correct horse battery 2" },
    },
    { method: "GET", route: "/api/v1/operators", query: { limit: "5" } },
    { method: "POST", route: "/api/v1/operators/:id/deactivate", params: { id: f.operatorId } },
    { method: "POST", route: "/api/v1/operators/:id/activate", params: { id: f.operatorId } },
    {
      method: "POST",
      route: "/api/v1/operators/:id/password",
      params: { id: f.operatorId },
      body: { newPassword: "a fresh long password" },
    },
    { method: "POST", route: "/api/v1/operators/:id/unlock", params: { id: f.operatorId } },
    { method: "GET", route: "/api/v1/institution-keys", query: { fixmedinsCode: f.keyInstitution } },
    { method: "POST", route: "/api/v1/institutions/:code/keys", params: { code: f.keyInstitution } },
    {
      method: "PUT",
      route: "/api/v1/institutions/:code/crypto",
      params: { code: f.keyInstitution },
      body: { signType: null, encType: null },
    },
    {
      method: "POST",
      route: "/api/v1/institutions/:code/keys/:id/rotate",
      params: { code: f.keyInstitution, id: f.keyId },
    },
    {
      method: "POST",
      route: "/api/v1/institutions/:code/keys/:id/revoke",
      params: { code: f.keyInstitution, id: f.keyId },
    },
    { method: "GET", route: "/api/v1/regions" },
    { method: "GET", route: "/api/v1/divisions", query: { level: "prefecture", parent: "530000" } },
    { method: "GET", route: "/api/v1/stats/overview" },
    {
      method: "POST",
      route: "/api/v1/persons",
      body: { certno: freshCertno(), name: "张三", phone: "13800000000", regionCode: TEST_REGION },
    },
    {
      method: "GET",
      route: "/api/v1/persons",
      query: { regionCode: TEST_REGION, certno: f.certno, limit: "3" },
    },
    { method: "GET", route: "/api/v1/persons/:psnNo", params: psn },
    { method: "POST", route: "/api/v1/persons/:psnNo/e-voucher", params: psn },
    {
      method: "PATCH",
      route: "/api/v1/persons/:psnNo/contact",
      params: psn,
      body: { phone: "13900000000", address: "昆明市", householdNo: "H1" },
    },
    {
      method: "POST",
      route: "/api/v1/persons/:psnNo/newborns",
      params: psn,
      body: { certno: makeCertno("530102", "20260301", 77), name: "小明", startDate: "2026-03-01" },
    },
    {
      method: "POST",
      route: "/api/v1/persons/:psnNo/transfer",
      params: psn,
      body: { toRegion: "530400", date: "2026-04-01" },
    },
    {
      method: "POST",
      route: "/api/v1/employers",
      body: { uscc: makeUscc("530102", 77), name: "滇池公司", regionCode: TEST_REGION },
    },
    { method: "GET", route: "/api/v1/employers", query: { limit: "2" } },
    {
      method: "POST",
      route: "/api/v1/institutions",
      body: {
        code: "H53010000077",
        name: "第七医院",
        kind: "hospital",
        level: "2",
        regionCode: TEST_REGION,
        agreementFrom: "2026-01-01",
      },
    },
    { method: "GET", route: "/api/v1/institutions" },
    { method: "GET", route: "/api/v1/institutions/:code", params: { code: f.keyInstitution } },
    {
      method: "POST",
      route: "/api/v1/institutions/:code/agreements",
      params: { code: f.keyInstitution },
      body: { agreementNo: "XY-FUZZ-2030", validFrom: "2030-01-01", validTo: "2030-12-31", scope: "门诊" },
    },
    {
      method: "POST",
      route: "/api/v1/institutions/:code/agreements/:agreementNo/terminate",
      params: { code: f.keyInstitution, agreementNo: "XY-FUZZ-2030" },
      body: { lastDay: "2030-06-30", reason: "fuzz" },
    },
    {
      method: "POST",
      route: "/api/v1/enrolments",
      body: {
        psnNo: f.psnNo,
        insutype: "390",
        psnType: "1501",
        regionCode: TEST_REGION,
        startDate: "2026-01-01",
      },
    },
    {
      method: "POST",
      route: "/api/v1/person-enrolments",
      body: {
        certno: freshCertno(),
        name: "赵六",
        phone: "13800000002",
        regionCode: TEST_REGION,
        insutype: "390",
        psnType: "1501",
        startDate: "2026-01-01",
      },
    },
    {
      method: "POST",
      route: "/api/v1/enrolments/:id/status",
      params: { id: f.enrolmentId },
      body: { status: "suspended", effectiveDate: "2026-04-01", reason: "fuzz" },
    },
    {
      method: "POST",
      route: "/api/v1/imports/:kind",
      params: { kind: "persons" },
      query: { fileName: "persons.csv" },
      csv: `certno,name,region_code,phone\n${freshCertno()},李四,${TEST_REGION},13800000001\n`,
    },
    { method: "GET", route: "/api/v1/imports", query: { limit: "5" } },
    { method: "GET", route: "/api/v1/imports/:id", params: { id: f.importId } },
    {
      method: "PUT",
      route: "/api/v1/contributions/params/:region/:year",
      params: { region: TEST_REGION, year: "2026" },
      body: CONTRIBUTION_PARAMS,
    },
    {
      method: "GET",
      route: "/api/v1/contributions/params/:region/:year",
      params: { region: TEST_REGION, year: "2026" },
    },
    {
      method: "POST",
      route: "/api/v1/contributions/assessments/employees",
      body: { regionCode: TEST_REGION, period: "2026-05", wages: { [f.psnNo]: "5000.00" } },
    },
    {
      method: "POST",
      route: "/api/v1/contributions/assessments/residents",
      body: { regionCode: TEST_REGION, year: 2026 },
    },
    {
      method: "POST",
      route: "/api/v1/contributions/payments",
      body: {
        assessmentId: f.assessmentId,
        amount: "1.00",
        channel: "bank",
        reference: "R1",
        paidOn: "2026-05-01",
      },
    },
    {
      method: "POST",
      route: "/api/v1/contributions/payments/:id/reverse",
      params: { id: f.paymentId },
      body: { reason: "fuzz" },
    },
    {
      method: "GET",
      route: "/api/v1/contributions/arrears",
      query: { regionCode: TEST_REGION, period: "2026-05", minMonthsOverdue: "1" },
    },
    {
      method: "GET",
      route: "/api/v1/contributions/assessments",
      query: { regionCode: TEST_REGION, period: "2026-05", psnNo: f.psnNo, status: "unpaid", limit: "5" },
    },
    {
      method: "GET",
      route: "/api/v1/contributions/payments",
      query: { assessmentId: f.assessmentId, psnNo: f.psnNo, limit: "5" },
    },
    { method: "GET", route: "/api/v1/persons/:psnNo/account", params: psn, query: { limit: "5" } },
    { method: "GET", route: "/api/v1/catalogue", query: { q: "阿莫西林", date: "2026-05-01" } },
    {
      method: "POST",
      route: "/api/v1/catalogue/imports",
      csv: "code,name,kind,chrgitm_type,class,valid_from,price_cap\nFZ001,试剂,drug,09,A,2026-01-01,10.00\n",
    },
    {
      method: "GET",
      route: "/api/v1/policies/:region/:year/:insutype/:medType",
      params: { region: TEST_REGION, year: "2026", insutype: "310", medType: "11" },
    },
    {
      method: "GET",
      route: "/api/v1/policies/:region/:year",
      params: { region: TEST_REGION, year: "2026" },
    },
    {
      method: "POST",
      route: "/api/v1/policies/:region/:year",
      params: { region: TEST_REGION, year: "2026" },
      body: OUTPATIENT_POLICY,
    },
    {
      method: "POST",
      route: "/api/v1/manual-reimbursements",
      body: {
        psnNo: f.psnNo,
        insutype: "310",
        medType: "11",
        level: "2",
        billDate: "2026-04-20",
        invoiceNo: "INV-1",
        lines: [{ code: "XJ01CAA040A001010101445", name: "阿莫西林胶囊", pric: "12.50", cnt: "2" }],
      },
    },
    { method: "GET", route: "/api/v1/settlements", query: { psnNo: f.psnNo, limit: "5" } },
    {
      method: "POST",
      route: "/api/v1/payment/liquidations",
      body: { region: TEST_REGION, year: 2026, budget: "1000000.00" },
    },
    {
      method: "POST",
      route: "/api/v1/payment/advances",
      body: { region: TEST_REGION, month: "2026-05", annualBudget: "1200000.00" },
    },
    { method: "GET", route: "/api/v1/payment/dip-catalogue", query: { year: "2025", coreThreshold: "5" } },
    { method: "GET", route: "/api/v1/payment/liquidations/:id", params: { id: "1" } },
    {
      method: "PUT",
      route: "/api/v1/regions/:code/filing-rules",
      params: { code: TEST_REGION },
      body: { insutypes: ["310"], retroactiveDays: 30, kinds: { temporary: { maxDays: 90 } } },
    },
    { method: "GET", route: "/api/v1/regions/:code/filing-rules", params: { code: TEST_REGION } },
    {
      method: "POST",
      route: "/api/v1/filings",
      body: {
        psnNo: f.psnNo,
        insutype: "310",
        treatmentRegion: "530400",
        kind: "temporary",
        validFrom: "2026-06-01",
      },
    },
    { method: "GET", route: "/api/v1/filings", query: { psnNo: f.psnNo, limit: "5" } },
    { method: "POST", route: "/api/v1/filings/:filingNo/proof", params: { filingNo: f.filingNo } },
    { method: "POST", route: "/api/v1/clearing/statements", body: { month: "2026-04" } },
    { method: "GET", route: "/api/v1/clearing/statements", query: { month: "2026-04" } },
    { method: "GET", route: "/api/v1/clearing/statements/:id", params: { id: "1" } },
    {
      method: "GET",
      route: "/api/v1/clearing/statements/:id/settlements",
      params: { id: "1" },
      query: { limit: "5" },
    },
    { method: "POST", route: "/api/v1/clearing/statements/:id/confirm", params: { id: "1" } },
    {
      method: "POST",
      route: "/api/v1/clearing/statements/:id/paid",
      params: { id: "1" },
      body: { paymentRef: "TRF-1" },
    },
    {
      method: "POST",
      route: "/api/v1/filings/:filingNo/revoke",
      params: { filingNo: f.filingNo },
      body: { reason: "moved back" },
    },
    ...supervisionExamples(),
    ...inspectionExamples(),
    ...supervisionReadExamples(),
    ...fundExamples(),
    ...consoleExamples(f),
    ...selfServiceExamples(f),
  ];
}

/** The supervision routes: a knowledge base of the public suite, a period, a case's steps. */
function supervisionExamples(): Example[] {
  const id = { id: "1" };
  return [
    { method: "POST", route: "/api/v1/supervision/kb-versions", body: { label: "fuzz", files: kbBody() } },
    { method: "GET", route: "/api/v1/supervision/kb-versions" },
    { method: "POST", route: "/api/v1/supervision/kb-versions/:id/publish", params: id, body: {} },
    {
      method: "POST",
      route: "/api/v1/supervision/audit-jobs",
      body: { from: "2026-05-01", to: "2026-05-31" },
    },
    { method: "GET", route: "/api/v1/supervision/audit-jobs/:id", params: id },
    { method: "GET", route: "/api/v1/supervision/findings", query: { limit: "5" } },
    {
      method: "POST",
      route: "/api/v1/supervision/cases",
      body: { findingIds: ["1"], summary: "超限价收费" },
    },
    {
      method: "POST",
      route: "/api/v1/supervision/reports",
      body: { institutionCode: HOSPITAL, summary: "举报: 挂床住院", amount: "100.00" },
    },
    { method: "GET", route: "/api/v1/supervision/cases", query: { status: "open" } },
    { method: "GET", route: "/api/v1/supervision/cases/:id", params: id },
    { method: "POST", route: "/api/v1/supervision/cases/:id/review", params: id, body: { note: "属实" } },
    {
      method: "POST",
      route: "/api/v1/supervision/cases/:id/answer",
      params: id,
      body: { kind: "appeal", note: "价格经批准" },
    },
    {
      method: "POST",
      route: "/api/v1/supervision/cases/:id/decide",
      params: id,
      body: { outcome: "deduct", amount: "10.00", note: "" },
    },
    {
      method: "GET",
      route: "/api/v1/supervision/early-warnings",
      query: { year: "2026", thresholds: "5000.00" },
    },
    {
      method: "GET",
      route: "/api/v1/supervision/credit/institutions",
      query: { year: "2026", threshold: "800" },
    },
    {
      method: "GET",
      route: "/api/v1/supervision/credit/persons",
      query: { year: "2026", threshold: "60" },
    },
    {
      method: "GET",
      route: "/api/v1/supervision/credit/doctors",
      query: { year: "2026", threshold: "3" },
    },
  ];
}

/** Random inspections and the disclosure of typical cases (features/supervision/inspection.routes.ts). */
function inspectionExamples(): Example[] {
  const id = { id: "1" };
  return [
    {
      method: "POST",
      route: "/api/v1/supervision/inspections",
      body: { regionCode: TEST_REGION, title: "抽查", seed: "fuzz", institutionCount: 1, perTeam: 1 },
    },
    { method: "GET", route: "/api/v1/supervision/inspections" },
    { method: "GET", route: "/api/v1/supervision/inspections/:id", params: id },
    { method: "POST", route: "/api/v1/supervision/inspections/:id/publish", params: id, body: {} },
    {
      method: "POST",
      route: "/api/v1/supervision/inspections/:id/results",
      params: id,
      body: { institutionCode: HOSPITAL, outcome: "no_finding" },
    },
    {
      method: "POST",
      route: "/api/v1/supervision/cases/:id/disclosure",
      params: id,
      body: { action: "disclose", summary: "某医院超限价收费" },
    },
    { method: "GET", route: "/api/v1/public/inspections" },
    { method: "GET", route: "/api/v1/public/disclosures" },
  ];
}

/** The console's supervision reads (supervision-read.routes.ts). */
function supervisionReadExamples(): Example[] {
  return [
    { method: "GET", route: "/api/v1/supervision/rule-catalog" },
    {
      method: "GET",
      route: "/api/v1/supervision/kb-versions/:id",
      params: { id: "1" },
      query: { limit: "5" },
    },
    { method: "GET", route: "/api/v1/supervision/audit-jobs", query: { kind: "audit", limit: "5" } },
    {
      method: "GET",
      route: "/api/v1/supervision/findings/paged",
      query: { severity: "high", result: "definite", inCase: "false", limit: "5" },
    },
  ];
}

/** The fund and the indicators (features/fund, features/indicators). */
function fundExamples(): Example[] {
  const regionYear = { region: TEST_REGION, year: "2026" };
  return [
    { method: "GET", route: "/api/v1/fund", query: regionYear },
    { method: "GET", route: "/api/v1/fund/liquidations", query: regionYear },
    { method: "GET", route: "/api/v1/fund/entries", query: { ...regionYear, limit: "5" } },
    {
      method: "PUT",
      route: "/api/v1/fund/budgets/:region/:year",
      params: { region: TEST_REGION, year: "2026" },
      body: {
        note: "2026 budget",
        funds: [{ fund: "310100", income: "1000000.00", expenditure: "900000.00" }],
      },
    },
    {
      method: "POST",
      route: "/api/v1/fund/entries",
      body: {
        region: TEST_REGION,
        fund: "390100",
        kind: "subsidy",
        direction: "in",
        amount: "5000.00",
        bookedOn: "2026-03-01",
        reference: "finance subsidy 2026-03",
      },
    },
    {
      method: "POST",
      route: "/api/v1/fund/transfers",
      body: {
        region: TEST_REGION,
        from: "390100",
        to: "390200",
        amount: "100.00",
        bookedOn: "2026-03-01",
        reference: "critical-illness premium",
      },
    },
    {
      method: "POST",
      route: "/api/v1/fund/entries/:id/reverse",
      params: { id: "1" },
      body: { reason: "booked in error", bookedOn: "2026-03-02" },
    },
    { method: "GET", route: "/api/v1/indicators", query: regionYear },
    ...["daily", "daily.csv"].map((r) => ({
      method: "GET" as const,
      route: `/api/v1/reconciliation/${r}`,
      query: { institution: HOSPITAL, date: "2026-05-01" },
    })),
    ...["monthly", "monthly.csv"].map((r) => ({
      method: "GET" as const,
      route: `/api/v1/reconciliation/${r}`,
      query: { institution: HOSPITAL, month: "2026-05" },
    })),
    {
      method: "GET",
      route: "/api/v1/settlements/export",
      query: { region: TEST_REGION, from: "2026-01-01", to: "2026-12-31" },
    },
    {
      method: "PUT",
      route: "/api/v1/indicators/population/:region/:year",
      params: { region: TEST_REGION, year: "2026" },
      body: { population: 8_600_000, source: "statistics bureau" },
    },
  ];
}

/** The console's read endpoints and the agency's side of the online services. */
function consoleExamples(f: Fixture): Example[] {
  const app = { id: f.applicationId };
  return [
    { method: "GET", route: "/api/v1/persons/search", query: { q: f.certno, limit: "5" } },
    { method: "GET", route: "/api/v1/enrolments", query: { psnNo: f.psnNo, status: "active" } },
    { method: "GET", route: "/api/v1/employers/:uscc", params: { uscc: f.employerUscc } },
    { method: "GET", route: "/api/v1/employers/:uscc/staff", params: { uscc: f.employerUscc } },
    { method: "GET", route: "/api/v1/employers/:uscc/contributions", params: { uscc: f.employerUscc } },
    { method: "GET", route: "/api/v1/persons/:psnNo/contributions", params: { psnNo: f.psnNo } },
    { method: "GET", route: "/api/v1/settlements/:setlId", params: { setlId: f.setlId } },
    {
      method: "POST",
      route: "/api/v1/settlements/:setlId/reverse",
      params: { setlId: f.setlId },
      body: { reason: "fuzz reversal" },
    },
    { method: "GET", route: "/api/v1/manual-reimbursements", query: { psnNo: f.psnNo } },
    {
      method: "POST",
      route: "/api/v1/manual-reimbursements/:id/review",
      params: { id: "1" },
      body: { decision: "reject", note: "fuzz" },
    },
    {
      method: "POST",
      route: "/api/v1/manual-reimbursements/:id/payment",
      params: { id: "1" },
      body: { reference: "FUZZ-1" },
    },
    { method: "GET", route: "/api/v1/payment/liquidations", query: { year: "2026", method: "drg" } },
    { method: "GET", route: "/api/v1/payment/liquidations/:id/statements", params: { id: "1" } },
    {
      method: "GET",
      route: "/api/v1/payment/liquidations/:id/statements/:code",
      params: { id: "1", code: HOSPITAL },
    },
    { method: "GET", route: "/api/v1/payment/cases", query: { year: "2026", limit: "5" } },
    { method: "GET", route: "/api/v1/payment/cases/:id", params: { id: "D202600001" } },
    { method: "GET", route: "/api/v1/service-items" },
    { method: "GET", route: "/api/v1/service-items/online-share" },
    {
      method: "GET",
      route: "/api/v1/service-applications",
      query: { status: "submitted", overdue: "false" },
    },
    { method: "GET", route: "/api/v1/service-applications/:id", params: app },
    {
      method: "POST",
      route: "/api/v1/service-applications/:id/decision",
      params: app,
      body: { decision: "approve", note: "fuzz" },
    },
    {
      method: "GET",
      route: "/api/v1/service-applications/:id/attachments/:attachmentId",
      params: { ...app, attachmentId: f.attachmentId },
    },
    { method: "GET", route: "/api/v1/out-of-region-filings", query: { psnNo: f.psnNo } },
  ];
}

/** The online services, with the fixture person's (or employer's) session. */
function selfServiceExamples(f: Fixture): Example[] {
  const app = { id: f.applicationId };
  const me = { headers: f.insured };
  return [
    { method: "POST", route: "/api/v1/selfservice/codes", body: { kind: "insured", credential: f.certno } },
    {
      method: "POST",
      route: "/api/v1/selfservice/login",
      body: { kind: "insured", credential: f.certno, code: "000000" },
    },
    // a stale session: the fixture's must survive the run
    { method: "POST", route: "/api/v1/selfservice/logout", headers: { authorization: "Bearer c.stale" } },
    { method: "GET", route: "/api/v1/selfservice/me", ...me },
    { method: "GET", route: "/api/v1/selfservice/account", query: { limit: "5" }, ...me },
    { method: "GET", route: "/api/v1/selfservice/items", ...me },
    { method: "GET", route: "/api/v1/selfservice/applications", query: { limit: "5" }, ...me },
    {
      method: "POST",
      route: "/api/v1/selfservice/applications",
      body: {
        itemCode: "chronic_disease",
        form: { diseaseCode: "I10", diseaseName: "高血压", hospital: "测试医院", phone: "13800000000" },
      },
      ...me,
    },
    { method: "GET", route: "/api/v1/selfservice/applications/:id", params: app, ...me },
    {
      method: "POST",
      route: "/api/v1/selfservice/applications/:id/rating",
      params: app,
      body: { score: 4, comment: "fuzz" },
      ...me,
    },
    {
      method: "POST",
      route: "/api/v1/selfservice/applications/:id/attachments",
      params: app,
      csv: "%PDF-1.4\n% an invoice\n%%EOF\n",
      contentType: "application/pdf",
      ...me,
    },
    {
      method: "GET",
      route: "/api/v1/selfservice/applications/:id/attachments/:attachmentId",
      params: { ...app, attachmentId: f.attachmentId },
      ...me,
    },
    { method: "GET", route: "/api/v1/selfservice/filings", ...me },
    { method: "POST", route: "/api/v1/selfservice/e-voucher", ...me },
    { method: "GET", route: "/api/v1/selfservice/employer", headers: f.employer },
    { method: "GET", route: "/api/v1/selfservice/employer/staff", headers: f.employer },
    { method: "GET", route: "/api/v1/selfservice/employer/contributions", headers: f.employer },
  ];
}

/** A valid input per infno, around the fixture's person and visit. */
function gatewayInputs(f: Fixture): Record<string, Record<string, unknown>> {
  const begntime = "2026-05-01 09:00:00";
  const fee = (sn: string) => ({
    feedetl_sn: sn,
    mdtrt_id: f.mdtrtId,
    psn_no: f.psnNo,
    med_list_codg: "XJ01CAA040A001010101445",
    medins_list_name: "阿莫西林胶囊",
    pric: "12.50",
    cnt: "2",
    fee_ocur_time: begntime,
  });
  const data = { mdtrt_id: f.mdtrtId, psn_no: f.psnNo };
  return {
    "9001": { signIn: { opter_no: "001", mac: "00:11", ip: "127.0.0.1" } },
    "9002": { signOut: { opter_no: "001" } },
    "1101": { data: { mdtrt_cert_type: "02", mdtrt_cert_no: f.certno, psn_cert_type: "01" } },
    "2201": {
      data: { psn_no: f.psnNo, insutype: "310", begntime, mdtrt_cert_type: "02", mdtrt_cert_no: f.certno },
    },
    "2202": { data },
    "2203": { mdtrtinfo: { ...data, med_type: "11", dise_codg: "J00" } },
    "2204": { feedetail: [fee(`F${++seq}`)] },
    "2205": { data: [{ ...data, feedetl_sn: "0000" }] },
    "2206": { data: { ...data, medfee_sumamt: "25.00", acct_used_flag: "0", insutype: "310" } },
    "2207": { data: { ...data, medfee_sumamt: "25.00", acct_used_flag: "0", insutype: "310" } },
    "2208": { data: { setl_id: f.setlId, ...data } },
    "2401": { mdtrtinfo: { psn_no: f.psnNo, insutype: "310", begntime, med_type: "21", ipt_no: "IPT1" } },
    "2404": { data },
    "2301": { feedetail: [fee(`I${++seq}`)] },
    "2302": { data: [{ ...data, feedetl_sn: "0000" }] },
    "2303": { data: { ...data, medfee_sumamt: "25.00", acct_used_flag: "0", insutype: "310" } },
    "2304": { data: { ...data, medfee_sumamt: "25.00", acct_used_flag: "0", insutype: "310" } },
    "2305": { data: { setl_id: f.setlId, ...data } },
    "2402": { dscginfo: { ...data, endtime: "2026-05-02 10:00:00", dise_codg: "J00" } },
    "2405": { data },
    "3201": {
      data: {
        insutype: "310",
        clr_type: "11",
        stmt_begndate: "2026-05-01",
        stmt_enddate: "2026-05-01",
        medfee_sumamt: "0.00",
        fund_pay_sumamt: "0.00",
        acct_pay: "0.00",
        fixmedins_setl_cnt: "0",
      },
    },
    "3202": {
      data: { setl_optins: "530100", stmt_begndate: "2026-05-01", stmt_enddate: "2026-05-01" },
      detail: [
        {
          setl_id: f.setlId,
          mdtrt_id: f.mdtrtId,
          psn_no: f.psnNo,
          medfee_sumamt: "25.00",
          fund_pay_sumamt: "0.00",
          acct_pay: "0.00",
          refd_setl_flag: "0",
        },
      ],
    },
    "3101": promptAuditInput(f),
    "3102": promptAuditInput(f),
    "5201": { data: { psn_no: f.psnNo, begntime: "2026-01-01 00:00:00", endtime: "2026-12-31 23:59:59" } },
    "9101": {
      fsUploadIn: {
        in: Buffer.from(`${f.setlId}\t${f.mdtrtId}\t${f.psnNo}\t25.00\t0.00\t0.00\t0\n`).toString("base64"),
        filename: "detail.txt",
      },
    },
  };
}

/** 3101/3102: one patient with one encounter of one order (an X-ray above its price cap). */
function promptAuditInput(f: Fixture) {
  const order = { rx_id: "RX1", hilist_code: "000309001960000", cnt: "1", pric: "80.00", sumamt: "80.00" };
  const encounter = {
    mdtrt_id: f.mdtrtId,
    med_type: "11",
    insutype: "310",
    adm_date: "2026-05-01 09:00:00",
    fsi_diagnose_dtos: [{ dise_codg: "J00", maindise_flag: "1" }],
    fsi_order_dtos: [order],
  };
  return {
    data: {
      patient_dtos: [{ patn_id: f.psnNo, gend: "1", brdy: "1980-01-01", fsi_encounter_dtos: [encounter] }],
      trig_scen: "1",
    },
  };
}

/** Gateway examples: the one endpoint with every infno, and each per-transaction path. */
export function gatewayExamples(f: Fixture): Example[] {
  const inputs = gatewayInputs(f);
  const envelope = (infno: string) => ({
    infno,
    msgid: "", // filled per call: a fresh msgid, so that no call is a replay
    mdtrtarea_admvs: TEST_REGION,
    insuplc_admdvs: TEST_REGION,
    fixmedins_code: HOSPITAL,
    inf_time: "2026-05-01 09:30:00",
    signtype: "MOCK",
    input: inputs[infno],
  });
  return [
    ...Object.keys(inputs).map((infno) => ({
      method: "POST" as const,
      route: "/fsi/api/rsfComIfsService/callService",
      body: envelope(infno),
    })),
    {
      method: "POST" as const,
      route: "/fsi/api/rsfComIfsService/callService/*",
      params: { "*": "1101" },
      body: envelope("1101"),
    },
    ...Object.entries(TRANSACTION_PATHS).map(([path, infno]) => ({
      method: "POST" as const,
      route: path,
      body: envelope(infno),
    })),
  ];
}
