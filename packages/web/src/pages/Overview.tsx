import { Card, Col, Row, Statistic } from "antd";
import { useEffect, useState } from "react";
import { api } from "../api.ts";
import { Chart } from "../Chart.tsx";
import { useT } from "../i18n.ts";

interface Overview {
  persons: string;
  employers: string;
  institutions: string;
  assistanceRecipients: string;
  enrolments: { insutype: string; status: string; count: string }[];
  institutionsByLevel: { level: string; count: string }[];
}

/** The leaders' first page: who is insured, under which scheme, and where they are treated. */
export function OverviewPage() {
  const t = useT();
  const [data, setData] = useState<Overview | null>(null);
  useEffect(() => {
    api<Overview>("/stats/overview").then(setData, () => setData(null));
  }, []);
  if (!data) return null;
  const active = data.enrolments.filter((e) => e.status === "active");
  const byScheme = (code: string) => Number(active.find((e) => e.insutype === code)?.count ?? 0);
  return (
    <>
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title={t("Insured persons")} value={Number(data.persons)} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t("Employers")} value={Number(data.employers)} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t("Institutions")} value={Number(data.institutions)} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t("Assistance recipients")} value={Number(data.assistanceRecipients)} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={12}>
          <Card title={t("Enrolment by scheme")}>
            <Chart
              option={{
                tooltip: { trigger: "item" },
                series: [
                  {
                    type: "pie",
                    radius: ["40%", "70%"],
                    data: [
                      { name: t("Employee scheme"), value: byScheme("310") },
                      { name: t("Resident scheme"), value: byScheme("390") },
                    ],
                  },
                ],
              }}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t("Institutions")}>
            <Chart
              option={{
                tooltip: {},
                xAxis: {
                  type: "category",
                  data: data.institutionsByLevel.map((r) => `${t("Level")} ${r.level}`),
                },
                yAxis: { type: "value" },
                series: [{ type: "bar", data: data.institutionsByLevel.map((r) => Number(r.count)) }],
              }}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
