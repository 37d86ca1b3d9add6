import { Alert, Card, Col, Row, Statistic, Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { api } from "../api.ts";
import { Chart } from "../Chart.tsx";
import { useT } from "../i18n.ts";
import { RegionYearPicker } from "./RegionYearPicker.tsx";

interface FundMonth {
  month: number;
  income: string;
  expenditure: string;
  balance: string;
  accumulated: string;
  reserveMonths: string | null;
}
interface Fund {
  fund: string;
  name: string;
  incomeTotal: string;
  expenditureTotal: string;
  balance: string;
  accumulated: string;
  reserveMonths: string | null;
  monthly: FundMonth[];
  budget: {
    income: string;
    expenditure: string;
    incomeExecution: string | null;
    expenditureExecution: string | null;
  } | null;
  warnings: { code: string; message: string }[];
  projection: {
    assumptions: { text: string[] };
    years: {
      year: number;
      income: string;
      expenditure: string;
      accumulated: string;
      reserveMonths: string | null;
    }[];
  } | null;
}
interface FundReport {
  monthsElapsed: number;
  asOf: string | null;
  funds: Fund[];
  pools: Fund;
}
interface Liquidations {
  runs: {
    runId: string;
    method: string;
    cases: number;
    fundPaid: string;
    payable: string;
    difference: string;
  }[];
}

const wan = (yuan: string) => Math.round(Number(yuan) / 100) / 100; // 万元, for the charts only

/** The fund's health for leaders (income, expenditure, balance, reserve months, warnings, payment results) and budget execution for the agency. */
export function FundPage() {
  const t = useT();
  const [region, setRegion] = useState<string | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const [report, setReport] = useState<FundReport | null>(null);
  const [liquidations, setLiquidations] = useState<Liquidations | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!region) return;
    const q = `region=${region}&year=${year}`;
    Promise.all([api<FundReport>(`/fund?${q}`), api<Liquidations>(`/fund/liquidations?${q}`)]).then(
      ([f, l]) => {
        setReport(f);
        setLiquidations(l);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [region, year]);
  const pools = report?.pools;
  const all = report ? [report.pools, ...report.funds] : [];
  return (
    <>
      <RegionYearPicker
        region={region}
        year={year}
        onChange={(r, y) => {
          setRegion(r);
          setYear(y);
        }}
      />
      {error && <Alert type="error" title={error} />}
      {pools && (
        <>
          {all.flatMap((f) =>
            f.warnings.map((w) => (
              <Alert
                key={`${f.fund}-${w.code}`}
                type="warning"
                style={{ marginBottom: 8 }}
                title={`${f.name}: ${w.message}`}
              />
            )),
          )}
          <Row gutter={16}>
            <Col span={6}>
              <Card>
                <Statistic title={t("Income (yuan)")} value={pools.incomeTotal} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={t("Expenditure (yuan)")} value={pools.expenditureTotal} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={t("Accumulated balance (yuan)")} value={pools.accumulated} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={t("Reserve months")} value={pools.reserveMonths ?? "—"} />
              </Card>
            </Col>
          </Row>
          <Card title={t("Basic pools by month (10,000 yuan)")} style={{ marginTop: 16 }}>
            <Chart
              height={320}
              option={{
                tooltip: { trigger: "axis" },
                legend: {},
                xAxis: { type: "category", data: pools.monthly.map((m) => `${m.month}`) },
                yAxis: [{ type: "value" }, { type: "value", name: t("Reserve months") }],
                series: [
                  { type: "bar", name: t("Income"), data: pools.monthly.map((m) => wan(m.income)) },
                  { type: "bar", name: t("Expenditure"), data: pools.monthly.map((m) => wan(m.expenditure)) },
                  {
                    type: "line",
                    name: t("Reserve months"),
                    yAxisIndex: 1,
                    data: pools.monthly.map((m) =>
                      m.reserveMonths === null ? null : Number(m.reserveMonths),
                    ),
                  },
                ],
              }}
            />
          </Card>
          <Card title={t("Budget execution")} style={{ marginTop: 16 }}>
            <Table<Fund>
              rowKey="fund"
              pagination={false}
              dataSource={all}
              columns={[
                {
                  title: t("Fund"),
                  key: "name",
                  render: (_, f) => `${f.name} ${f.fund === "basic_pools" ? "" : f.fund}`,
                },
                { title: t("Income"), dataIndex: "incomeTotal" },
                { title: t("Budgeted income"), key: "bi", render: (_, f) => f.budget?.income ?? "—" },
                { title: t("Executed %"), key: "ie", render: (_, f) => f.budget?.incomeExecution ?? "—" },
                { title: t("Expenditure"), dataIndex: "expenditureTotal" },
                {
                  title: t("Budgeted expenditure"),
                  key: "be",
                  render: (_, f) => f.budget?.expenditure ?? "—",
                },
                {
                  title: t("Executed %"),
                  key: "ee",
                  render: (_, f) => f.budget?.expenditureExecution ?? "—",
                },
                { title: t("Balance"), dataIndex: "balance" },
                { title: t("Accumulated balance (yuan)"), dataIndex: "accumulated" },
                {
                  title: t("Reserve months"),
                  key: "rm",
                  render: (_, f) =>
                    f.warnings.some((w) => w.code.startsWith("RESERVE")) ? (
                      <Tag color="orange">{f.reserveMonths}</Tag>
                    ) : (
                      (f.reserveMonths ?? "—")
                    ),
                },
              ]}
            />
            <p style={{ marginTop: 8 }}>
              {t("Reserve months = accumulated balance / average monthly expenditure of the months covered")}{" "}
              ({report.monthsElapsed}).
            </p>
          </Card>
          {pools.projection && (
            <Card title={t("Projection")} style={{ marginTop: 16 }}>
              <Table
                rowKey="year"
                pagination={false}
                dataSource={pools.projection.years}
                columns={[
                  { title: t("Year"), dataIndex: "year" },
                  { title: t("Income"), dataIndex: "income" },
                  { title: t("Expenditure"), dataIndex: "expenditure" },
                  { title: t("Accumulated balance (yuan)"), dataIndex: "accumulated" },
                  { title: t("Reserve months"), dataIndex: "reserveMonths" },
                ]}
              />
              <ul>
                {pools.projection.assumptions.text.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </Card>
          )}
          <Card title={t("DRG/DIP payment results")} style={{ marginTop: 16 }}>
            <Table
              rowKey="runId"
              pagination={false}
              dataSource={liquidations?.runs ?? []}
              columns={[
                { title: t("Payment method"), dataIndex: "method" },
                { title: t("Cases"), dataIndex: "cases" },
                { title: t("Fund paid at settlement"), dataIndex: "fundPaid" },
                { title: t("Payable by liquidation"), dataIndex: "payable" },
                { title: t("Difference"), dataIndex: "difference" },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}
