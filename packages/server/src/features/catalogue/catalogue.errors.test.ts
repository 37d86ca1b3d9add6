import type { ErrorCode } from "@yibao/core/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

const RESIDENT_INPATIENT = {
  insutype: "390",
  med_type: "21",
  deductible: { scope: "per_visit", byLevel: { "1": "200.00", "2": "500.00", "3": "900.00" } },
  pool: { ratioByLevel: { "1": "0.9000", "2": "0.8000", "3": "0.6500" }, annualCap: "150000.00" },
  criticalIllness: {
    segments: [
      { from: "15000.00", to: "50000.00", ratio: "0.6000" },
      { from: "50000.00", to: null, ratio: "0.7000" },
    ],
    annualCap: "400000.00",
  },
};

/** Catalogue imports and benefit policies refused through the API, writing nothing. */
describe("catalogue and policy refusals", () => {
  let t: TestApp;
  let agency: { authorization: string };
  const TABLES = ["catalogue_entries", "benefit_policies"];
  const csv = (lines: string[]) =>
    ["code,name,kind,chrgitm_type,class,price_cap,valid_from", ...lines].join("\n");
  const upload = (lines: string[]) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/catalogue/imports",
      payload: csv(lines),
      headers: { ...agency, "content-type": "text/csv" },
    });
  const postPolicy = (document: object) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/policies/${TEST_REGION}/2026`,
      headers: agency,
      payload: document,
    });
  const refused = async (request: () => ReturnType<typeof upload>, code: ErrorCode, field: string) => {
    const before = await rowCounts(t.handle.db, TABLES);
    const body = expectRefusal(await request(), code, field);
    expect(await rowCounts(t.handle.db, TABLES)).toEqual(before);
    return body;
  };

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-06-01T00:00:00Z"));
    agency = await t.auth("agency");
    expect((await upload(["XA01,阿莫西林胶囊,drug,09,A,,2026-01-01"])).json()).toEqual({ imported: 1 });
  });
  afterAll(async () => t?.close());

  it("lists every bad row with its own code (CATALOGUE_ROWS_INVALID)", async () => {
    const body = await refused(
      () =>
        upload([
          "XB01,甲,drug,09,A,-1.00,2026-01-01",
          "XB02,乙,drug,09,A,,2026-02-30",
          "XB03,丙,drug,09,A,,2026-01-01",
        ]),
      "CATALOGUE_ROWS_INVALID",
      "file",
    );
    expect(body.details.errors).toEqual([
      expect.objectContaining({ row: 2, field: "price_cap", code: "AMOUNT_NEGATIVE" }),
      expect.objectContaining({ row: 3, field: "valid_from", code: "DATE_INVALID" }),
    ]);
  });

  it("refuses a version starting where another one of the code starts, with the rest of its file", async () => {
    await refused(
      () => upload(["XC01,新药,drug,09,A,,2026-01-01", "XA01,阿莫西林胶囊,drug,09,B,,2026-01-01"]),
      "CATALOGUE_VERSION_OVERLAP",
      "valid_from",
    );
  });

  it("refuses critical-illness segments out of order or ending before they start (POLICY_SEGMENT_ORDER)", async () => {
    const [low, high] = RESIDENT_INPATIENT.criticalIllness.segments;
    const withSegments = (segments: object[]) => ({
      ...RESIDENT_INPATIENT,
      criticalIllness: { ...RESIDENT_INPATIENT.criticalIllness, segments },
    });
    await refused(
      () => postPolicy(withSegments([high!, low!])),
      "POLICY_SEGMENT_ORDER",
      "policy.criticalIllness.segments.1.from",
    );
    await refused(
      () => postPolicy(withSegments([{ ...low!, to: "15000.00" }])),
      "POLICY_SEGMENT_ORDER",
      "policy.criticalIllness.segments.0.to",
    );
    expect((await postPolicy(RESIDENT_INPATIENT)).statusCode).toBe(201);
  });

  it("answers a policy that is not in force (SETL_POLICY_MISSING)", async () => {
    const get = (path: string) =>
      t.app.inject({ method: "GET", url: `/api/v1/policies/${path}`, headers: agency });
    expect((await get(`${TEST_REGION}/2026/390/21`)).statusCode).toBe(200);
    expectRefusal(await get(`${TEST_REGION}/2026/390/11`), "SETL_POLICY_MISSING", "med_type");
    expectRefusal(await get(`${TEST_REGION}/2027/390/21`), "SETL_POLICY_MISSING", "med_type");
  });
});
