import { makeCertno, makeUscc } from "@yibao/core/registry";
import { Alert, Button, Card, Radio, Space, Table, Tag, Typography } from "antd";
import { stringify } from "csv-stringify/browser/esm/sync";
import { useEffect, useState } from "react";
import { ApiError, api } from "../api.ts";
import { when } from "../format.ts";
import { useErrorText, useT } from "../i18n.ts";
import { regionLabel } from "../labels.ts";
import { PagedTable } from "./PagedTable.tsx";

type Kind = "persons" | "employers" | "enrolments" | "assistance" | "catalogue";
const KINDS: Kind[] = ["persons", "employers", "enrolments", "assistance", "catalogue"];
const KIND_LABEL: Record<Kind, string> = {
  persons: "Person list",
  employers: "Employer list",
  enrolments: "Enrolment list",
  assistance: "Assistance list",
  catalogue: "Catalogue entries",
};
/**
 * The catalogue has an import of its own (POST /catalogue/imports, catalogue.import.ts): the same
 * all-or-nothing file and row report, not kept in the import history.
 */
const CATALOGUE_REFUSED = "CATALOGUE_ROWS_INVALID";

/**
 * A sample file per kind: the columns import.service.ts reads (the required ones first) and one
 * row that imports as it is into `region` (the ID numbers and codes carry their check digits).
 */
function sample(kind: Kind, region: string): string[][] {
  const certno = makeCertno(region, "19900101", 1);
  switch (kind) {
    case "persons":
      return [
        [
          "certno",
          "name",
          "region_code",
          "phone",
          "address",
          "household_no",
          "insutype",
          "psn_type",
          "start_date",
        ],
        [certno, "张三", region, "13800000000", "", "HH0001", "390", "1501", "2026-01-01"],
      ];
    case "employers":
      return [
        ["uscc", "name", "region_code"],
        [makeUscc(region, 1), "示例有限公司", region],
      ];
    case "enrolments":
      return [
        ["certno", "insutype", "psn_type", "region_code", "start_date", "employer_uscc", "flexible"],
        [certno, "310", "1101", region, "2026-01-01", makeUscc(region, 1), "0"],
      ];
    case "assistance":
      return [
        ["certno", "category", "valid_from", "valid_to"],
        [certno, "db", "2026-01-01", ""],
      ];
    case "catalogue":
      return [
        [
          "code",
          "name",
          "kind",
          "chrgitm_type",
          "class",
          "self_pay_ratio",
          "price_cap",
          "valid_from",
          "valid_to",
        ],
        ["XM0000000001", "示例诊疗项目", "service", "05", "B", "0.1000", "35.00", "2026-01-01", ""],
      ];
  }
}

/** Saves a CSV text as a file, with a BOM so that spreadsheet programs read it as UTF-8. */
function download(name: string, rows: string[][]) {
  const blob = new Blob([`\uFEFF${stringify(rows)}`], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface RowError {
  row: number;
  field: string;
  code: string;
  message: string;
}
interface Outcome {
  importId: string | null;
  fileName: string;
  rows: number;
  imported: number;
  accepted: boolean;
  /** every bad row if known (a report from the history), else the first 100 of the refusal */
  errors: RowError[];
  refusedRows: number;
}
interface ImportRow {
  id: string;
  kind: Kind;
  fileName: string | null;
  rows: number;
  imported: number;
  accepted: boolean;
  operator: string;
  regionCode: string | null;
  at: string;
}

/** 批量导入: a CSV file of a kind, all or nothing; the report of a refused file; the history. */
export function ImportsPage() {
  const t = useT();
  const errorText = useErrorText();
  const [kind, setKind] = useState<Kind>("persons");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [version, setVersion] = useState(0);
  const [region, setRegion] = useState("530100");
  useEffect(() => {
    api<{ code: string }[]>("/regions").then(
      (rows) => rows[0] && setRegion((r) => (rows.some((x) => x.code === r) ? r : rows[0]!.code)),
      () => {},
    );
  }, []);
  const example = sample(kind, region);

  const upload = async () => {
    if (!file) return;
    setError(null);
    setOutcome(null);
    setBusy(true);
    try {
      const body = { method: "POST", body: await file.text(), headers: { "content-type": "text/csv" } };
      const r: { id: string | null; rows: number; imported: number } =
        kind === "catalogue"
          ? await api<{ imported: number }>("/catalogue/imports", body).then((a) => ({
              id: null,
              rows: a.imported,
              imported: a.imported,
            }))
          : await api<{ id: string; rows: number; imported: number }>(
              `/imports/${kind}?fileName=${encodeURIComponent(file.name)}`,
              body,
            );
      setOutcome({
        importId: r.id,
        fileName: file.name,
        rows: r.rows,
        imported: r.imported,
        accepted: true,
        errors: [],
        refusedRows: 0,
      });
    } catch (e) {
      const d = e instanceof ApiError ? e.details : {};
      if (e instanceof ApiError && (e.code === "REG_IMPORT_ROWS_INVALID" || e.code === CATALOGUE_REFUSED)) {
        const errors = (d.errors as RowError[] | undefined) ?? [];
        setOutcome({
          importId: d.importId ? String(d.importId) : null,
          fileName: file.name,
          rows: 0,
          imported: 0,
          accepted: false,
          errors,
          refusedRows: Number(d.refusedRows ?? errors.length),
        });
      } else setError(errorText(e));
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
    }
  };

  /** An import of the history: its whole report. */
  const openReport = async (row: ImportRow) => {
    setError(null);
    try {
      const r = await api<ImportRow & { errors: RowError[] }>(`/imports/${row.id}`);
      setOutcome({
        importId: r.id,
        fileName: r.fileName ?? `import-${r.id}.csv`,
        rows: r.rows,
        imported: r.imported,
        accepted: r.accepted,
        errors: r.errors,
        refusedRows: r.errors.length,
      });
    } catch (e) {
      setError(errorText(e));
    }
  };

  // the message in the chosen language: the code's text, else the server's
  const message = (e: RowError) => errorText({ code: e.code, message: e.message });
  const downloadReport = async (o: Outcome) => {
    let errors = o.errors;
    // a refusal's answer holds the first 100 bad rows; the history holds them all
    if (o.importId && errors.length < o.refusedRows)
      errors = (await api<{ errors: RowError[] }>(`/imports/${o.importId}`)).errors;
    download(`${o.fileName.replace(/\.csv$/i, "")}.errors.csv`, [
      [t("Row"), t("Field"), t("Code"), t("Error message")],
      ...errors.map((e) => [String(e.row), e.field, e.code, message(e)]),
    ]);
  };

  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Card title={t("Import a CSV file")} size="small">
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Radio.Group
            id="import-kind"
            optionType="button"
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            options={KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))}
          />
          <Typography.Text type="secondary">
            {t("All or nothing: a file with a bad row imports nothing, and the report lists every bad row.")}
          </Typography.Text>
          <div>
            {t("Header line")}:{" "}
            <Typography.Text code id="import-header">
              {example[0]!.join(",")}
            </Typography.Text>{" "}
            <Button size="small" id="import-sample" onClick={() => download(`${kind}-sample.csv`, example)}>
              {t("Download a sample file")}
            </Button>
          </div>
          <Space wrap>
            <input
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setOutcome(null);
              }}
            />
            <Button type="primary" id="import-upload" disabled={!file} loading={busy} onClick={upload}>
              {t("Upload")}
            </Button>
          </Space>
          {error && <Alert type="error" title={error} />}
          {outcome?.accepted && (
            <Alert
              type="success"
              title={
                <span id="import-result">
                  {outcome.fileName}: {t("rows accepted")} {outcome.imported} / {outcome.rows}
                </span>
              }
            />
          )}
          {outcome && !outcome.accepted && (
            <>
              <Alert
                type="error"
                title={
                  <span id="import-refused">
                    {outcome.fileName}: {t("refused, nothing imported")} · {t("bad rows")}{" "}
                    {outcome.refusedRows}
                  </span>
                }
                action={
                  <Button size="small" id="import-errors-download" onClick={() => downloadReport(outcome)}>
                    {t("Download the error report")}
                  </Button>
                }
              />
              <Table<RowError>
                id="import-errors"
                size="small"
                rowKey={(e) => `${e.row}-${e.field}-${e.code}`}
                dataSource={outcome.errors}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: t("Row"), dataIndex: "row" },
                  { title: t("Field"), dataIndex: "field" },
                  { title: t("Code"), dataIndex: "code" },
                  { title: t("Error message"), key: "message", render: (_: unknown, e) => message(e) },
                ]}
              />
            </>
          )}
        </Space>
      </Card>
      <Card title={t("Import history")} size="small">
        <PagedTable<ImportRow>
          key={version}
          path="/imports"
          rowKey="id"
          columns={[
            { title: t("Time"), dataIndex: "at", render: (v: string) => when(v) },
            { title: t("Kind"), dataIndex: "kind", render: (v: Kind) => t(KIND_LABEL[v]) },
            { title: t("File"), dataIndex: "fileName" },
            { title: t("Rows"), dataIndex: "rows" },
            { title: t("Imported"), dataIndex: "imported" },
            {
              title: t("Result"),
              dataIndex: "accepted",
              render: (v: boolean) =>
                v ? <Tag color="green">{t("accepted")}</Tag> : <Tag color="red">{t("refused")}</Tag>,
            },
            { title: t("Operator"), dataIndex: "operator" },
            { title: t("Region"), dataIndex: "regionCode", render: (v: string | null) => regionLabel(v) },
            {
              title: t("Report"),
              key: "report",
              render: (_: unknown, r) => (
                <Button size="small" type="link" onClick={() => openReport(r)}>
                  {t("Open")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
