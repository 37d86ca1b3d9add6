import type { ColumnType, Generated } from "kysely";

export interface SimulationRunTable {
  id: Generated<bigint>;
  region_code: string;
  year: number;
  seed: bigint;
  insured: number;
  options: ColumnType<Record<string, unknown>, string, string>;
  started_at: Date;
  finished_at: Date | null;
}

export interface SimulationBatchTable {
  run_id: bigint;
  stage: string;
  batch: number;
  detail: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  done_at: Date;
}

declare module "../../db/schema.ts" {
  interface DB {
    simulation_runs: SimulationRunTable;
    simulation_batches: SimulationBatchTable;
  }
}
