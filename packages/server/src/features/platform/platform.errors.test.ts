import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, rowCounts } from "../../test/refusal.ts";
import { type TestApp, TEST_REGION, openTestApp } from "../../test/test-app.ts";

/** Operator administration refusals through the API that the other platform tests do not provoke. */
describe("operator refusals", () => {
  let t: TestApp;
  let admin: { authorization: string };

  beforeAll(async () => {
    t = await openTestApp();
    admin = await t.auth("admin", { regionCode: null });
  });
  afterAll(async () => t?.close());

  it("refuses a second operator with a login name that is taken (OPERATOR_EXISTS)", async () => {
    const operator = {
      login: "zhang.wei",
      displayName: "张伟",
      role: "agency",
      password: "a long enough password",
      regionCode: TEST_REGION,
    };
    const create = () =>
      t.app.inject({ method: "POST", url: "/api/v1/operators", headers: admin, payload: operator });
    expect((await create()).statusCode).toBe(201);
    const before = await rowCounts(t.handle.db, ["operators"]);
    expectRefusal(await create(), "OPERATOR_EXISTS", "login");
    expect(await rowCounts(t.handle.db, ["operators"])).toEqual(before);
  });
});
