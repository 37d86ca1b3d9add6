import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { Db } from "../db/database.ts";
import { createOperator } from "../features/platform/operator.service.ts";

export const DEMO_REGION = "530100";
export const DEMO_ADMIN = { login: "admin", password: "yibao-demo-admin" };

/** The demo pooling region (Kunming, 昆明市, and its counties) and one operator per role. */
export async function seed(db: Db): Promise<void> {
  await db
    .insertInto("regions")
    .values([
      { code: "530000", name: "云南省", level: "province", parent_code: null },
      { code: DEMO_REGION, name: "昆明市", level: "city", parent_code: "530000" },
      { code: "530102", name: "五华区", level: "county", parent_code: DEMO_REGION },
      { code: "530103", name: "盘龙区", level: "county", parent_code: DEMO_REGION },
      { code: "530111", name: "官渡区", level: "county", parent_code: DEMO_REGION },
      { code: "530112", name: "西山区", level: "county", parent_code: DEMO_REGION },
      { code: "530114", name: "呈贡区", level: "county", parent_code: DEMO_REGION },
      { code: "530181", name: "安宁市", level: "county", parent_code: DEMO_REGION },
    ])
    .execute();
  const roles = [
    {
      login: DEMO_ADMIN.login,
      displayName: "系统管理员",
      role: "admin" as const,
      password: DEMO_ADMIN.password,
    },
    { login: "agency", displayName: "经办员", role: "agency" as const, password: "yibao-demo-agency" },
    { login: "auditor", displayName: "审核员", role: "auditor" as const, password: "yibao-demo-auditor" },
    {
      login: "supervisor",
      displayName: "监管员",
      role: "supervisor" as const,
      password: "yibao-demo-supervisor",
    },
    { login: "leader", displayName: "局领导", role: "leader" as const, password: "yibao-demo-leader" },
  ];
  for (const r of roles) await createOperator(db, SYSTEM_ACTOR, { ...r, regionCode: DEMO_REGION });
}
