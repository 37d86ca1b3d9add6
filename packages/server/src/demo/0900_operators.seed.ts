import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { Db } from "../db/database.ts";
import { createOperator } from "../features/platform/operator.service.ts";
import { DEMO_ADMIN, DEMO_REGION } from "./demo-region.ts";

/**
 * One operator per role in Kunming, and Yuxi's own agency operator (Kunming's see only Kunming's
 * insured and filings). Last of the demo's layers: an operator in the database says the demo is
 * complete (seed.ts).
 */
export async function seed(db: Db): Promise<void> {
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
  await createOperator(db, SYSTEM_ACTOR, {
    login: "agency-yuxi",
    displayName: "玉溪经办员",
    role: "agency",
    password: "yibao-demo-agency-yuxi",
    regionCode: "530400",
  });
}
