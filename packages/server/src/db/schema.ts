/**
 * The database type. Each feature declares its tables in its own `x.table.ts` by augmenting this
 * interface (`declare module "../../db/schema.ts" { interface DB { ... } }`), so features never
 * edit a shared file to add a table. Money columns are bigint fen (Kysely type `bigint`).
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by each feature's x.table.ts
export interface DB {}
