import { resolve } from "node:path";

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
  };
}
