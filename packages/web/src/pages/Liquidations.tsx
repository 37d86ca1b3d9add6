import { Alert, Card, Table, Tag } from "antd";
import { when, yuan } from "../format.ts";
import { useLang, useT } from "../i18n.ts";
import { label, regionLabel } from "../labels.ts";
import { Link } from "../router.ts";
import { Facts, Loaded, useResource } from "./common.tsx";
import { PagedTable } from "./PagedTable.tsx";

interface Run {
  id: string;
  region: string;
  year: number;
  method: string;
  period: string | null;
  budget: string;
  pointValue: string;
  totalPoints: string;
  hospitals: string;
  payable: string;
  createdBy: string;
  createdAt: string;
}
interface StatementLine {
  fixmedins_code: string;
  fixmedins_name: string | null;
  level: string | null;
  coefficient: string;
  points: string;
  drgAmount: string;
  fundPaid: string;
  surplus: string;
  overspend: string;
  adjustment: string;
  deduction: string;
  payable: string;
  advances: string;
  balanceDue: string;
  cases: number;
}
interface RunDetail {
  run: Run;
  reconciliation: Record<string, string>;
  statements: StatementLine[];
}

export function LiquidationsPage() {
  const t = useT();
  const lang = useLang();
  return (
    <PagedTable<Run>
      path="/payment/liquidations"
      rowKey="id"
      columns={[
        { title: "id", dataIndex: "id", render: (v: string) => <Link to={`/liquidations/${v}`}>{v}</Link> },
        { title: t("Region"), dataIndex: "region", render: (v: string) => regionLabel(v) },
        { title: t("Year"), dataIndex: "year" },
        { title: t("Method"), dataIndex: "method", render: (v: string) => label("method", v, lang) },
        { title: t("Period"), dataIndex: "period" },
        { title: t("Budget"), dataIndex: "budget", align: "right", render: yuan },
        { title: t("Point value"), dataIndex: "pointValue", align: "right" },
        { title: t("Hospitals"), dataIndex: "hospitals", align: "right" },
        { title: t("Payable"), dataIndex: "payable", align: "right", render: yuan },
        { title: t("Time"), dataIndex: "createdAt", render: (v: string) => when(v) },
      ]}
    />
  );
}

/** A run with each hospital's statement (names) and, in words, why the payable total is not the budget. */
export function LiquidationPage({ id }: { id: string }) {
  const t = useT();
  const lang = useLang();
  const { data, error } = useResource<RunDetail>(`/payment/liquidations/${id}/statements`);
  return (
    <Loaded error={error} ready={data !== null}>
      {() => {
        const { run, reconciliation: r, statements } = data!;
        return (
          <>
            <Facts
              title={`${label("method", run.method, lang)} · ${run.year} · ${regionLabel(run.region)}`}
              items={[
                [t("Budget"), `¥ ${yuan(run.budget)}`],
                [t("Total points"), run.totalPoints],
                [t("Point value"), run.pointValue],
                [t("Hospitals"), run.hospitals],
                [t("Payable"), <span key="payable" id="run-payable">{`¥ ${yuan(run.payable)}`}</span>],
                [t("Time"), when(run.createdAt)],
              ]}
            />
            {r.difference !== "0.00" && (
              <Alert
                type="info"
                style={{ marginBottom: 16 }}
                title={t("Why the payable total differs from the budget")}
                description={
                  lang === "zh"
                    ? `预算 ¥${yuan(r.budget)} 按点数全部分配给各医院（¥${yuan(r.allocated)}）。结余医院只留用部分结余，扣回 ¥${yuan(r.surplusWithheld)}；超支医院由基金分担 ¥${yuan(r.overspendShared)}；监管扣款 ¥${yuan(r.deductions)}。应付合计 ¥${yuan(r.payable)}，与预算相差 ¥${yuan(r.difference)}。已预付 ¥${yuan(r.advances)}，清算应付 ¥${yuan(r.balanceDue)}。`
                    : `The budget of ¥${yuan(r.budget)} is shared out by points (¥${yuan(r.allocated)}). Hospitals with a surplus keep only part of it (¥${yuan(r.surplusWithheld)} withheld); hospitals that overspent get a share from the fund (¥${yuan(r.overspendShared)}); deductions ¥${yuan(r.deductions)}. Payable ¥${yuan(r.payable)}: ¥${yuan(r.difference)} from the budget. Advanced ¥${yuan(r.advances)}; balance due ¥${yuan(r.balanceDue)}.`
                }
              />
            )}
            <Card size="small">
              <Table<StatementLine>
                rowKey="fixmedins_code"
                size="small"
                pagination={false}
                dataSource={statements}
                scroll={{ x: "max-content" }}
                columns={[
                  {
                    title: t("Institution"),
                    key: "name",
                    render: (_: unknown, s) => (
                      <Link to={`/liquidations/${id}/hospitals/${s.fixmedins_code}`}>
                        {`${s.fixmedins_name ?? ""} (${s.fixmedins_code})`}
                      </Link>
                    ),
                  },
                  { title: t("Level"), dataIndex: "level", render: (v: string) => label("level", v, lang) },
                  { title: t("Cases"), dataIndex: "cases", align: "right" },
                  { title: t("Points"), dataIndex: "points", align: "right" },
                  { title: t("DRG amount"), dataIndex: "drgAmount", align: "right", render: yuan },
                  { title: t("Fund paid"), dataIndex: "fundPaid", align: "right", render: yuan },
                  { title: t("Adjustment"), dataIndex: "adjustment", align: "right", render: yuan },
                  { title: t("Deduction"), dataIndex: "deduction", align: "right", render: yuan },
                  { title: t("Payable"), dataIndex: "payable", align: "right", render: yuan },
                  { title: t("Advances"), dataIndex: "advances", align: "right", render: yuan },
                  { title: t("Balance due"), dataIndex: "balanceDue", align: "right", render: yuan },
                ]}
              />
            </Card>
          </>
        );
      }}
    </Loaded>
  );
}

interface HospitalDetail {
  runId: string;
  method: string;
  year: number;
  pointValue: string;
  statement: StatementLine;
  cases: {
    id: string;
    group: string;
    cost: string;
    fundPaid: string;
    kind: string;
    points: string;
    readmission: boolean;
    explain: string;
  }[];
}

export function HospitalStatementPage({ id, code }: { id: string; code: string }) {
  const t = useT();
  const lang = useLang();
  const { data, error } = useResource<HospitalDetail>(`/payment/liquidations/${id}/statements/${code}`);
  return (
    <Loaded error={error} ready={data !== null}>
      {() => {
        const s = data!.statement;
        return (
          <>
            <Facts
              title={`${s.fixmedins_name ?? ""} (${s.fixmedins_code}) · ${label("method", data!.method, lang)} ${data!.year}`}
              items={[
                [t("Points"), s.points],
                [t("Coefficient"), s.coefficient],
                [t("Point value"), data!.pointValue],
                [t("DRG amount"), `¥ ${yuan(s.drgAmount)}`],
                [t("Fund paid"), `¥ ${yuan(s.fundPaid)}`],
                [t("Surplus"), `¥ ${yuan(s.surplus)}`],
                [t("Overspend"), `¥ ${yuan(s.overspend)}`],
                [t("Adjustment"), `¥ ${yuan(s.adjustment)}`],
                [t("Payable"), `¥ ${yuan(s.payable)}`],
                [t("Advances"), `¥ ${yuan(s.advances)}`],
                [t("Balance due"), `¥ ${yuan(s.balanceDue)}`],
              ]}
            />
            <Table
              rowKey="id"
              size="small"
              dataSource={data!.cases}
              pagination={{ pageSize: 50 }}
              scroll={{ x: "max-content" }}
              columns={[
                { title: "id", dataIndex: "id", render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
                { title: "DRG", dataIndex: "group" },
                { title: t("Kind"), dataIndex: "kind" },
                { title: t("Total cost"), dataIndex: "cost", align: "right", render: yuan },
                { title: t("Fund paid"), dataIndex: "fundPaid", align: "right", render: yuan },
                { title: t("Points"), dataIndex: "points", align: "right" },
                {
                  title: "",
                  dataIndex: "readmission",
                  render: (v: boolean) => (v ? <Tag color="orange">15 天内再入院</Tag> : null),
                },
                { title: "", dataIndex: "explain" },
              ]}
            />
          </>
        );
      }}
    </Loaded>
  );
}

interface CaseDetail {
  case: {
    id: string;
    fixmedins_code: string;
    fixmedins_name: string | null;
    admission: string;
    discharge: string;
    los: number;
    cost: string;
    fundPaid: string;
    mdc: string | null;
    adrg: string | null;
    drg: string | null;
    drgName: string | null;
    diagnoses: string[];
    procedures: string[];
  };
  mdcName: string | null;
  adrgName: string | null;
  path: string[];
  payment: { runId: string; kind: string; points: string; explain: string; pointValue: string } | null;
}

/** A DRG case: its grouping result, the path the grouper took, and the points it earned. */
export function CasePage({ id }: { id: string }) {
  const t = useT();
  const { data, error } = useResource<CaseDetail>(`/payment/cases/${id}`);
  return (
    <Loaded error={error} ready={data !== null}>
      {() => {
        const c = data!.case;
        return (
          <>
            <Facts
              title={`${c.id} · ${c.drg ?? ""} ${c.drgName ?? ""}`}
              items={[
                [t("Institution"), `${c.fixmedins_name ?? ""} (${c.fixmedins_code})`],
                [t("Admission"), c.admission],
                [t("Discharge"), c.discharge],
                [t("Length of stay"), String(c.los)],
                [t("Total cost"), `¥ ${yuan(c.cost)}`],
                [t("Fund paid"), `¥ ${yuan(c.fundPaid)}`],
                ["MDC", `${c.mdc ?? ""} ${data!.mdcName ?? ""}`],
                ["ADRG", `${c.adrg ?? ""} ${data!.adrgName ?? ""}`],
                [t("Diagnoses"), c.diagnoses.join(", ")],
                [t("Procedures"), c.procedures.join(", ") || "—"],
                ...(data!.payment
                  ? [
                      [t("Points"), `${data!.payment.points} (${data!.payment.kind})`] as [string, string],
                      ["", data!.payment.explain] as [string, string],
                    ]
                  : []),
              ]}
            />
            <Card size="small" title={t("Grouping path")}>
              <ol id="grouping-path">
                {data!.path.map((step, i) => (
                  <li key={String(i)}>{step}</li>
                ))}
              </ol>
            </Card>
          </>
        );
      }}
    </Loaded>
  );
}

export function CasesPage() {
  const t = useT();
  return (
    <PagedTable<{
      id: string;
      fixmedins_name: string | null;
      drg: string | null;
      drgName: string | null;
      cost: string;
      discharge: string;
    }>
      path="/payment/cases"
      rowKey="id"
      columns={[
        { title: "id", dataIndex: "id", render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
        { title: t("Institution"), dataIndex: "fixmedins_name" },
        { title: "DRG", key: "drg", render: (_: unknown, r) => `${r.drg ?? ""} ${r.drgName ?? ""}` },
        { title: t("Discharge"), dataIndex: "discharge" },
        { title: t("Total cost"), dataIndex: "cost", align: "right", render: yuan },
      ]}
    />
  );
}
