import { ERROR_CODES, type ErrorCode } from "@yibao/core/errors";
import { sql } from "kysely";
import { expect } from "vitest";
import type { Db } from "../db/database.ts";

interface Answer {
  statusCode: number;
  body: string;
  json(): unknown;
}

/**
 * A REST refusal as docs/errors.md documents it: the code's HTTP status, `{code, message,
 * details}`, and `details.field` when the error names a field.
 */
export function expectRefusal(res: Answer, code: ErrorCode, field?: string) {
  expect(res.statusCode, res.body).toBe(ERROR_CODES[code].http);
  const body = res.json() as { code: string; message: string; details: Record<string, unknown> };
  expect(body.code, res.body).toBe(code);
  expect(typeof body.message).toBe("string");
  if (field !== undefined) expect(body.details.field, res.body).toBe(field);
  return body;
}

/** An NHSA refusal: infcode -1, err_msg "[CODE] message", and `details.field` when given. */
export function expectNhsaRefusal(envelope: unknown, code: ErrorCode, field?: string) {
  const e = envelope as { infcode: number; err_msg: string | null; details?: { field?: string } };
  expect(e.infcode, JSON.stringify(envelope)).toBe(-1);
  expect(e.err_msg?.startsWith(`[${code}] `), String(e.err_msg)).toBe(true);
  if (field !== undefined) expect(e.details?.field, JSON.stringify(envelope)).toBe(field);
}

/** Row counts of some tables (the audit log always): a refused request must leave them unchanged. */
export async function rowCounts(db: Db, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of ["audit_log", ...tables]) {
    const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    counts[t] = Number(r.rows[0]!.n);
  }
  return counts;
}

/** Row counts of every table of the schema (but the migrations' own). */
export async function allRowCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(
    db,
  );
  return rowCounts(
    db,
    rows.map((r) => r.table_name).filter((n) => n !== "audit_log"),
  );
}
