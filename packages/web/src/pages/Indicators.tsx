import { Alert, Card, Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { api } from "../api.ts";
import { Chart } from "../Chart.tsx";
import { useT } from "../i18n.ts";
import { RegionYearPicker } from "./RegionYearPicker.tsx";

interface Figure {
  value: string | null;
  numerator: string | null;
  denominator: string | null;
}
interface Indicator extends Figure {
  key: string;
  name: string;
  nameEn: string;
  unit: string;
  definition: string;
  target: { comparator: string; value: string | null; text: string };
  meetsTarget: boolean | null;
  reason: string | null;
  monthly: (Figure & { month: number })[];
}

/** The plan's indicator table next to its targets, with each one's definition and monthly trend. */
export function IndicatorsPage() {
  const t = useT();
  const [region, setRegion] = useState<string | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const [rows, setRows] = useState<Indicator[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!region) return;
    api<{ indicators: Indicator[] }>(`/indicators?region=${region}&year=${year}`).then(
      (r) => {
        setRows(r.indicators);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [region, year]);
  const trends = (rows ?? []).filter((r) => r.unit === "%" && r.monthly.some((m) => m.value !== null));
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
      <Card title={t("Plan indicators")}>
        <Table<Indicator>
          rowKey="key"
          pagination={false}
          dataSource={rows ?? []}
          expandable={{
            expandedRowRender: (r) => (
              <div>
                <div>{r.definition}</div>
                {r.numerator !== null && (
                  <div>
                    {t("Numerator")}: {r.numerator} / {t("Denominator")}: {r.denominator ?? "-"}
                  </div>
                )}
              </div>
            ),
          }}
          columns={[
            { title: t("Indicator"), render: (_, r) => `${r.name}`, key: "name" },
            {
              title: t("Value"),
              key: "value",
              render: (_, r) =>
                r.value === null ? <span title={r.reason ?? ""}>—</span> : `${r.value} ${r.unit}`,
            },
            { title: t("Target"), key: "target", render: (_, r) => r.target.text },
            {
              title: t("Status"),
              key: "status",
              render: (_, r) =>
                r.meetsTarget === null ? (
                  <Tag>{r.reason ? t("No data") : "—"}</Tag>
                ) : r.meetsTarget ? (
                  <Tag color="green">{t("Met")}</Tag>
                ) : (
                  <Tag color="red">{t("Not met")}</Tag>
                ),
            },
            { title: t("Why no value"), key: "reason", render: (_, r) => r.reason ?? "" },
          ]}
        />
      </Card>
      <Card title={t("Trends by month")} style={{ marginTop: 16 }}>
        <Chart
          height={340}
          option={{
            tooltip: { trigger: "axis" },
            legend: { type: "scroll" },
            xAxis: { type: "category", data: Array.from({ length: 12 }, (_, i) => `${i + 1}`) },
            yAxis: { type: "value", name: "%" },
            series: trends.map((r) => ({
              type: "line",
              name: r.name,
              data: r.monthly.map((m) => (m.value === null ? null : Number(m.value))),
            })),
          }}
        />
      </Card>
    </>
  );
}
