import type { FastifyInstance } from "fastify";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { DbHandle } from "../db/database.ts";
import { type AppOptions, buildApp } from "../http/app.ts";
import { createOperator } from "../features/platform/operator.service.ts";
import { login } from "../features/platform/session.service.ts";
import type { Role } from "../features/platform/platform.table.ts";
import { openTestDb } from "./test-db.ts";
import { serverContext } from "../features/settlement/context.ts";
import { type NhsaAuthMode, gatewayContext } from "../features/nhsa/gateway-context.ts";
import { type LoginPolicy, loginPolicy } from "../features/platform/login-policy.ts";
import { systemClock } from "../clock.ts";
import { checkNhsaAnswers } from "./nhsa-schema-check.ts";

export interface TestApp {
  app: FastifyInstance;
  handle: DbHandle;
  /**
   * Bearer header for an operator of this role (created on first use); region 530100 unless given
   * (null: none). `fresh`: a new operator and session, for tests whose clock moves past a session.
   */
  auth(
    role: Role,
    opts?: { fixmedinsCode?: string; regionCode?: string | null; fresh?: boolean },
  ): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export const TEST_REGION = "530100";

export interface TestAppOptions extends AppOptions {
  /**
   * The gateway's mode. The test app runs "open" explicitly (tests of settlement send unsigned
   * messages from institutions without keys); tests of gateway credentials ask for "hmac", the
   * default of `yibao serve`.
   */
  nhsaAuth?: NhsaAuthMode;
  lookupsPerMinute?: number;
  missesPerMinute?: number;
  login?: Partial<LoginPolicy>;
}

/** A migrated test database with a region (Kunming 530100) and an app on it. */
export async function openTestApp(
  now: () => Date = systemClock,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const handle = await openTestDb();
  await handle.db
    .insertInto("regions")
    .values([
      { code: "530000", name: "云南省", level: "province", parent_code: null },
      { code: TEST_REGION, name: "昆明市", level: "city", parent_code: "530000" },
    ])
    .execute();
  const policy = { ...loginPolicy(), ...options.login };
  const app = await buildApp(
    {
      db: handle.db,
      engine: handle.engine,
      now,
      settlement: serverContext(),
      gateway: gatewayContext(handle.db, {
        auth: options.nhsaAuth ?? "open",
        lookupsPerMinute: options.lookupsPerMinute,
        missesPerMinute: options.missesPerMinute,
      }),
      login: policy,
    },
    options,
  );
  checkNhsaAnswers(app);
  const tokens = new Map<string, string>();
  let operators = 0;
  return {
    app,
    handle,
    async auth(role, opts = {}) {
      const region = opts.regionCode === undefined ? TEST_REGION : opts.regionCode;
      const key = `${role}:${opts.fixmedinsCode ?? ""}:${region ?? "-"}`;
      let token = opts.fresh ? undefined : tokens.get(key);
      if (!token) {
        const loginName = `t_${role}_${operators++}`;
        await createOperator(handle.db, SYSTEM_ACTOR, {
          login: loginName,
          displayName: loginName,
          role,
          password: "correct horse battery",
          regionCode: region,
          fixmedinsCode: opts.fixmedinsCode ?? null,
        });
        token = (
          await login(
            handle.db,
            policy,
            { login: loginName, password: "correct horse battery" },
            { address: "test-app" },
            now(),
          )
        ).token;
        tokens.set(key, token);
      }
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
