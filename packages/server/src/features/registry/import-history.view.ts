/** An import's history row as the API answers it (registry.responses.ts ImportSummary). */
export function importView(r: {
  id: bigint;
  kind: "persons" | "employers" | "enrolments" | "assistance";
  file_name: string | null;
  rows: number;
  imported: number;
  accepted: boolean;
  operator_login: string;
  region_code: string | null;
  created_at: Date;
}) {
  return {
    id: String(r.id),
    kind: r.kind,
    fileName: r.file_name,
    rows: r.rows,
    imported: r.imported,
    accepted: r.accepted,
    operator: r.operator_login,
    regionCode: r.region_code,
    at: r.created_at,
  };
}
