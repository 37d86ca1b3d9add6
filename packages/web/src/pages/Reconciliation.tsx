import { Button, Card, Radio, Select, Space, Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { api, getToken } from "../api.ts";
import { useErrorText, useLang, useT } from "../i18n.ts";
import { label } from "../labels.ts";
import { Loaded, useResource } from "./common.tsx";

/** The sums of a report's row, in yuan as the API answers them (decimal strings, never added here). */
interface Figures {
  settlements: number;
  reversals: number;
  net_count: number;
  out_of_region: number;
  medfee_sumamt: string;
  fund_pay_sumamt: string;
  hifp_pay: string;
  hifob_pay: string;
  hifmi_pay: string;
  maf_pay: string;
  acct_pay: string;
  psn_cash_pay: string;
}
interface Totals {
  count: number;
  medfee_sumamt: string;
  fund_pay_sumamt: string;
  acct_pay: string;
}
interface Check {
  infno: "3201" | "3202";
  msgid: string;
  begin_date: string;
  end_date: string;
  insutype: string | null;
  clr_type: string | null;
  consistent: boolean;
  ours: Totals;
  theirs: Totals;
  differences: { setl_id: string | null; dif_type: string; dif_fields: string[] }[];
}
interface Report {
  institution: { code: string; name: string; region_code: string };
  kind: "daily" | "monthly";
  from: string;
  to: string;
  by_type: (Figures & { insutype: string; clr_type: string })[];
  days: (Figures & { day: string })[];
  total: Figures;
  reconciliations: Check[];
}
interface Institution {
  code: string;
  name: string;
}

/** Today's Beijing date (yyyy-MM-dd): the default day of the report. */
const beijingToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function useFigureColumns() {
  const t = useT();
  return [
    { title: t("Settlements"), dataIndex: "settlements", align: "right" as const },
    { title: t("Reversals"), dataIndex: "reversals", align: "right" as const },
    { title: t("Net count"), dataIndex: "net_count", align: "right" as const },
    { title: t("Out of region"), dataIndex: "out_of_region", align: "right" as const },
    { title: t("Total medical fees"), dataIndex: "medfee_sumamt", align: "right" as const },
    { title: t("Fund paid"), dataIndex: "fund_pay_sumamt", align: "right" as const },
    { title: t("Basic pool"), dataIndex: "hifp_pay", align: "right" as const },
    { title: t("Large amount"), dataIndex: "hifob_pay", align: "right" as const },
    { title: t("Critical illness"), dataIndex: "hifmi_pay", align: "right" as const },
    { title: t("Assistance"), dataIndex: "maf_pay", align: "right" as const },
    { title: t("Personal account"), dataIndex: "acct_pay", align: "right" as const },
    { title: t("Cash"), dataIndex: "psn_cash_pay", align: "right" as const },
  ];
}

/** The 3201/3202 messages the institution sent for the period, with what did not match. */
function Checks({ rows }: { rows: Check[] }) {
  const t = useT();
  return (
    <Table<Check>
      rowKey="msgid"
      size="small"
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: t("No reconciliation message in this period") }}
      columns={[
        { title: t("Message"), dataIndex: "infno" },
        { title: "msgid", dataIndex: "msgid" },
        { title: t("Period"), render: (_, c) => `${c.begin_date} – ${c.end_date}` },
        {
          title: t("Result"),
          render: (_, c) =>
            c.consistent ? <Tag color="green">{t("Consistent")}</Tag> : <Tag color="red">{t("Differs")}</Tag>,
        },
        { title: t("Ours"), render: (_, c) => `${c.ours.count} · ${c.ours.medfee_sumamt}` },
        { title: t("Theirs"), render: (_, c) => `${c.theirs.count} · ${c.theirs.medfee_sumamt}` },
        {
          title: t("Differences"),
          render: (_, c) =>
            c.differences
              .map(
                (d) =>
                  `${d.setl_id ?? ""} ${t(d.dif_type)}${d.dif_fields.length ? ` (${d.dif_fields.join(", ")})` : ""}`,
              )
              .join("; "),
        },
      ]}
    />
  );
}

/** Fetches the CSV with the session token and saves it (the report is never a public URL). */
async function downloadCsv(path: string, file: string) {
  const res = await fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${getToken()}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const a = document.createElement("a");
  a.href = URL.createObjectURL(await res.blob());
  a.download = file;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Daily and monthly reconciliation reports of an institution (docs/reconciliation.md). */
export function ReconciliationPage() {
  const t = useT();
  const lang = useLang();
  const errorText = useErrorText();
  const columns = useFigureColumns();
  const [institutions, setInstitutions] = useState<Institution[]>([]);
  const [code, setCode] = useState<string | null>(null);
  const [kind, setKind] = useState<"daily" | "monthly">("monthly");
  const [day, setDay] = useState(beijingToday());
  const [csvError, setCsvError] = useState<string | null>(null);
  useEffect(() => {
    api<Institution[]>("/institutions").then((rows) => {
      setInstitutions(rows);
      setCode((c) => c ?? rows[0]?.code ?? null);
    });
  }, []);
  const query =
    code === null
      ? null
      : kind === "daily"
        ? `daily?institution=${encodeURIComponent(code)}&date=${day}`
        : `monthly?institution=${encodeURIComponent(code)}&month=${day.slice(0, 7)}`;
  const { data, error } = useResource<Report>(query && `/reconciliation/${query}`);
  const csv = () =>
    query &&
    downloadCsv(`/reconciliation/${query.replace("?", ".csv?")}`, `reconciliation-${code}-${day}.csv`).then(
      () => setCsvError(null),
      (e) => setCsvError(errorText(e)),
    );
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="institution"
          style={{ minWidth: 260 }}
          value={code}
          onChange={setCode}
          showSearch
          optionFilterProp="label"
          options={institutions.map((i) => ({ value: i.code, label: `${i.name} (${i.code})` }))}
        />
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)}>
          <Radio.Button value="daily">{t("Daily")}</Radio.Button>
          <Radio.Button value="monthly">{t("Monthly")}</Radio.Button>
        </Radio.Group>
        <input
          aria-label={kind === "daily" ? "date" : "month"}
          type={kind === "daily" ? "date" : "month"}
          value={kind === "daily" ? day : day.slice(0, 7)}
          onChange={(e) =>
            e.target.value && setDay(kind === "daily" ? e.target.value : `${e.target.value}-01`)
          }
        />
        <Button onClick={csv} disabled={!query}>
          {t("Download CSV")}
        </Button>
      </Space>
      {csvError && <div role="alert">{csvError}</div>}
      <Loaded error={error} ready={data !== null || code === null}>
        {() =>
          data && (
            <>
              <Card
                size="small"
                title={`${data.institution.name} · ${data.from} – ${data.to}`}
                style={{ marginBottom: 16 }}
              >
                <Table<Figures & { insutype: string; clr_type: string }>
                  rowKey={(r) => `${r.insutype}-${r.clr_type}`}
                  size="small"
                  scroll={{ x: true }}
                  pagination={false}
                  dataSource={data.by_type}
                  columns={[
                    { title: t("Insurance type"), render: (_, r) => label("insutype", r.insutype, lang) },
                    { title: t("Clearing type"), render: (_, r) => label("clrType", r.clr_type, lang) },
                    ...columns,
                  ]}
                  summary={() => (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0} colSpan={2}>
                        {t("Period total")}
                      </Table.Summary.Cell>
                      {columns.map((c, i) => (
                        <Table.Summary.Cell key={c.dataIndex} index={i + 2} align="right">
                          {String(data.total[c.dataIndex as keyof Figures])}
                        </Table.Summary.Cell>
                      ))}
                    </Table.Summary.Row>
                  )}
                />
              </Card>
              {data.kind === "monthly" && (
                <Card size="small" title={t("By day")} style={{ marginBottom: 16 }}>
                  <Table
                    rowKey="day"
                    size="small"
                    scroll={{ x: true }}
                    pagination={false}
                    dataSource={data.days}
                    columns={[{ title: t("Day"), dataIndex: "day" }, ...columns]}
                  />
                </Card>
              )}
              <Card size="small" title={t("Reconciliation messages (3201/3202)")}>
                <Checks rows={data.reconciliations} />
              </Card>
            </>
          )
        }
      </Loaded>
    </>
  );
}
