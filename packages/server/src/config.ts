import { join, resolve } from "node:path";

/** Runtime configuration from the environment. */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** PostgreSQL: pool connections (transactions, queries) and shared pipelined ones (settlement). */
  poolSize: number;
  pipelinedConnections: number;
  /** write groups on the wire at once (db/pipeline.ts); absent: decided by the server's durability */
  pipelinedGroups?: number;
  /** NHSA gateway authentication: "hmac" (signed messages only) unless YIBAO_NHSA_AUTH=open */
  nhsaAuth: "hmac" | "open";
  /** the key that seals gateway secrets (security/secret-key.ts): YIBAO_SECRET_KEY or a key file */
  secretKey?: string;
  secretKeyFile: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.YIBAO_DATA_DIR ?? "data"),
    poolSize: Number(env.YIBAO_PG_POOL ?? 10),
    pipelinedConnections: Number(env.YIBAO_PG_PIPELINED ?? 1),
    pipelinedGroups: env.YIBAO_PG_GROUPS ? Number(env.YIBAO_PG_GROUPS) : undefined,
    nhsaAuth: env.YIBAO_NHSA_AUTH === "open" ? "open" : "hmac",
    secretKey: env.YIBAO_SECRET_KEY || undefined,
    secretKeyFile: resolve(env.YIBAO_SECRET_KEY_FILE ?? join(env.YIBAO_DATA_DIR ?? "data", "secret.key")),
  };
}
