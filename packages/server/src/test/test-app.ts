import type { FastifyInstance } from "fastify";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { DbHandle } from "../db/database.ts";
import { type AppOptions, buildApp } from "../http/app.ts";
import { createOperator, login } from "../features/platform/operator.service.ts";
import type { Role } from "../features/platform/platform.table.ts";
import { openTestDb } from "./test-db.ts";
import { serverContext } from "../features/settlement/context.ts";

export interface TestApp {
  app: FastifyInstance;
  handle: DbHandle;
  /** Bearer header for an operator of this role (created on first use). */
  auth(
    role: Role,
    opts?: { fixmedinsCode?: string; regionCode?: string },
  ): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export const TEST_REGION = "530100";

/** A migrated test database with a region (Kunming 530100) and an app on it. */
export async function openTestApp(
  now: () => Date = () => new Date(),
  options: AppOptions = {},
): Promise<TestApp> {
  const handle = await openTestDb();
  await handle.db
    .insertInto("regions")
    .values([
      { code: "530000", name: "云南省", level: "province", parent_code: null },
      { code: TEST_REGION, name: "昆明市", level: "city", parent_code: "530000" },
    ])
    .execute();
  const app = await buildApp(
    {
      db: handle.db,
      engine: handle.engine,
      now,
      settlement: serverContext(),
    },
    options,
  );
  const tokens = new Map<string, string>();
  return {
    app,
    handle,
    async auth(role, opts = {}) {
      const key = `${role}:${opts.fixmedinsCode ?? ""}`;
      let token = tokens.get(key);
      if (!token) {
        const loginName = `t_${role}_${tokens.size}`;
        await createOperator(handle.db, SYSTEM_ACTOR, {
          login: loginName,
          displayName: loginName,
          role,
          password: "correct horse battery",
          regionCode: opts.regionCode ?? TEST_REGION,
          fixmedinsCode: opts.fixmedinsCode ?? null,
        });
        token = (await login(handle.db, loginName, "correct horse battery", now())).token;
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
