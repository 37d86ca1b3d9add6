import { makeUscc } from "@yibao/core/registry";
import { insuredPerson } from "../features/settlement/settlement.fixture.ts";
import { requestCode, signIn } from "../features/selfservice/citizen-login.ts";
import type { TestApp } from "./test-app.ts";

/** A signed-in insured person (a new enrolled one) or employer for tests: the Bearer header and who. */
export async function citizenAuth(t: TestApp, kind: "insured" | "employer", seq: number) {
  let credential: string;
  let label: string;
  if (kind === "insured") {
    const p = await insuredPerson(t.handle.db, seq);
    credential = p.certno;
    label = p.psn_no;
  } else {
    credential = makeUscc("530102", seq);
    await t.handle.db
      .insertInto("employers")
      .values({ uscc: credential, name: `测试单位${seq}`, region_code: "530100" })
      .execute();
    label = credential;
  }
  let code = "";
  const delivery = {
    send: (_k: string, _to: string, c: string) => {
      code = c;
    },
  };
  const { db, login, citizen, now } = t.app.deps;
  await requestCode(db, login, citizen, delivery, { kind, credential, address: `test-${seq}` }, now());
  const s = await signIn(db, login, citizen, { kind, credential, code, address: `test-${seq}` }, now());
  return { headers: { authorization: `Bearer ${s.token}` }, credential, label };
}
