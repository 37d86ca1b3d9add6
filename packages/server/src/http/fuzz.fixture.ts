import { makeCertno } from "@yibao/core/registry";
import type { InjectOptions } from "fastify";
import { HOSPITAL, setupRegion } from "../features/settlement/settlement.fixture.ts";
import { type TestApp, TEST_REGION } from "../test/test-app.ts";
import { FILING_RULES } from "../features/regions/out-of-region.fixture.ts";
import type { Fixture } from "./fuzz.examples.ts";
import { kbTexts } from "../features/supervision/supervision.fixture.ts";
import { citizenAuth } from "../test/citizen-auth.ts";
import { requestCode, signIn } from "../features/selfservice/citizen-login.ts";

/** Sessions of the fixture's person and of an employer, an application with a filing and an attachment. */
async function onlineServices(t: TestApp, certno: string) {
  let code = "";
  const { db, login, citizen, now } = t.app.deps;
  const delivery = {
    send: (_k: string, _to: string, c: string) => {
      code = c;
    },
  };
  await requestCode(
    db,
    login,
    citizen,
    delivery,
    { kind: "insured", credential: certno, address: "fuzz" },
    now(),
  );
  const s = await signIn(
    db,
    login,
    citizen,
    { kind: "insured", credential: certno, code, address: "fuzz" },
    now(),
  );
  const insured = { authorization: `Bearer ${s.token}` };
  const employer = await citizenAuth(t, "employer", 78);
  const app = await t.app.inject({
    method: "POST",
    url: "/api/v1/selfservice/applications",
    headers: insured,
    payload: {
      itemCode: "out_of_region_filing",
      form: { treatmentRegion: "110105", filingType: "long_term_resident", validFrom: "2026-05-01" },
    },
  });
  const applicationId = String(app.json().id);
  const file = await t.app.inject({
    method: "POST",
    url: `/api/v1/selfservice/applications/${applicationId}/attachments`,
    headers: { ...insured, "content-type": "application/pdf" },
    payload: "%PDF-1.4\n%%EOF\n",
  });
  return {
    insured,
    employer: employer.headers,
    employerUscc: employer.credential,
    applicationId,
    attachmentId: String(file.json().id),
  };
}

/**
 * The state the fuzz test's examples refer to: a person enrolled with benefits, a settled visit
 * and an open one (through the gateway), contribution parameters, an assessment and a payment.
 */
export async function createFixture(
  t: TestApp,
  admin: { authorization: string },
  msgid: () => string,
): Promise<Fixture> {
  await setupRegion(t.handle.db);
  await t.handle.db
    .insertInto("regions")
    .values({ code: "530400", name: "玉溪市", level: "city", parent_code: null })
    .execute();
  await t.handle.db
    .insertInto("catalogue_entries")
    .values({
      code: "XJ01CAA040A001010101445",
      name: "阿莫西林胶囊",
      kind: "drug",
      chrgitm_type: "09",
      class: "A",
      price_cap: null,
      valid_from: "2026-01-01",
    })
    .execute();
  // a published audit knowledge base, so that 3101/3102 and audit jobs answer
  await t.handle.db
    .insertInto("audit_kb_versions")
    .values({ label: "fuzz", status: "published", files: JSON.stringify(kbTexts()), created_by: "fuzz" })
    .execute();
  const certno = makeCertno("530102", "19800101", 1);
  const inject = (o: InjectOptions) => t.app.inject({ ...o, headers: { ...admin, ...o.headers } });
  const p = await inject({
    method: "POST",
    url: "/api/v1/persons",
    payload: { certno, name: "测试", regionCode: TEST_REGION },
  });
  const psnNo = p.json().psn_no as string;
  const e = await inject({
    method: "POST",
    url: "/api/v1/enrolments",
    payload: {
      psnNo,
      insutype: "310",
      psnType: "1101",
      flexible: true,
      regionCode: TEST_REGION,
      startDate: "2025-01-01",
    },
  });
  await t.handle.db.updateTable("enrolments").set({ benefit_start_date: "2025-01-01" }).execute();
  const nhsa = async (infno: string, input: object) =>
    (
      await t.app.inject({
        method: "POST",
        url: "/fsi/api/rsfComIfsService/callService",
        payload: {
          infno,
          msgid: msgid(),
          fixmedins_code: HOSPITAL,
          inf_time: "2026-05-01 09:30:00",
          input,
        },
      })
    ).json();
  const begntime = "2026-05-01 09:00:00";
  const settled = (await nhsa("2201", { data: { psn_no: psnNo, insutype: "310", begntime } })).output.data
    .mdtrt_id;
  const line = {
    feedetl_sn: "S1",
    mdtrt_id: settled,
    med_list_codg: "XJ01CAA040A001010101445",
    pric: "10",
    cnt: "1",
    fee_ocur_time: begntime,
  };
  await nhsa("2204", { feedetail: [line] });
  const setl = await nhsa("2207", { data: { mdtrt_id: settled, psn_no: psnNo, medfee_sumamt: "10.00" } });
  const open = (await nhsa("2201", { data: { psn_no: psnNo, insutype: "310", begntime } })).output.data
    .mdtrt_id;
  await inject({
    method: "PUT",
    url: `/api/v1/contributions/params/${TEST_REGION}/2026`,
    payload: {
      averageMonthlyWage: "6000.00",
      employerRate: "0.08",
      individualRate: "0.02",
      retireeMonthlyCredit: "0",
      residentAnnualPremium: "380",
      residentGovernmentSubsidy: "640",
    },
  });
  await inject({
    method: "POST",
    url: "/api/v1/contributions/assessments/employees",
    payload: { regionCode: TEST_REGION, period: "2026-05" },
  });
  const assessment = await t.handle.db.selectFrom("contribution_assessments").select("id").executeTakeFirst();
  const pay = assessment
    ? await inject({
        method: "POST",
        url: "/api/v1/contributions/payments",
        payload: {
          assessmentId: String(assessment.id),
          amount: "1.00",
          channel: "bank",
          paidOn: "2026-05-01",
        },
      })
    : null;
  // An operator for the operator routes, and an institution other than the gateway examples'
  // (a key makes an institution's unsigned messages refused) for the key routes.
  const op = await inject({
    method: "POST",
    url: "/api/v1/operators",
    payload: { login: "fuzz.target", displayName: "Fuzz", role: "auditor", password: "long enough password" },
  });
  const keyInstitution = "H53010000077";
  await t.handle.db
    .insertInto("institutions")
    .values({
      code: keyInstitution,
      name: "密钥测试医院",
      kind: "hospital",
      level: "2",
      region_code: TEST_REGION,
      agreement_from: "2020-01-01",
    })
    .execute();
  const key = await inject({ method: "POST", url: `/api/v1/institutions/${keyInstitution}/keys` });
  // The insured region's filing rules and a commitment filing for treatment in Yuxi (530400).
  await inject({ method: "PUT", url: `/api/v1/regions/${TEST_REGION}/filing-rules`, payload: FILING_RULES });
  const filing = await inject({
    method: "POST",
    url: "/api/v1/filings",
    payload: {
      psnNo,
      insutype: "310",
      treatmentRegion: "530400",
      kind: "commitment",
      validFrom: "2026-05-01",
    },
  });
  // a refused import (an unknown person's assistance row): the import history has a report to read
  const imported = await inject({
    method: "POST",
    url: "/api/v1/imports/assistance?fileName=fuzz.csv",
    headers: { "content-type": "text/csv" },
    payload: `certno,category,valid_from\n${makeCertno("530102", "19700101", 9)},db,2026-01-01\n`,
  });
  const online = await onlineServices(t, certno);
  return {
    importId: String(imported.json().details?.importId ?? "1"),
    ...online,
    filingNo: filing.json().filing_no ?? "BA5301000000000001",
    operatorId: String(op.json().id),
    keyInstitution,
    keyId: String(key.json().id),
    psnNo,
    certno,
    enrolmentId: String(e.json().id),
    assessmentId: assessment ? String(assessment.id) : "1",
    paymentId: pay?.statusCode === 201 ? pay.json().paymentId : "1",
    mdtrtId: open,
    setlId: setl.output?.setlinfo?.setl_id ?? "1",
  };
}
