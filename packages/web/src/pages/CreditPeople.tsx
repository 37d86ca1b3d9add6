import { Alert, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { when } from "../format.ts";
import { useT } from "../i18n.ts";
import { Loaded, useResource } from "./common.tsx";

/**
 * Doctors' points (医保医师积分) and insured persons' credit of a year, from the deducted cases
 * that concern them (supervision.routes.ts /supervision/credit/doctors and /persons). Names are
 * masked as the API masks them.
 */
interface Entry {
  doctor?: string;
  institutions?: string[];
  psnNo?: string;
  name?: string;
  score: number;
  registrationReview?: boolean;
  closerReview?: boolean;
  history: { caseNo: string; at: string; delta: number; score: number }[];
}

type History = { caseNo: string; at: string; delta: number; score: number }[];

/** A credit score's history, case by case (institutions', doctors' and persons' alike). */
export function CreditHistory({ rows }: { rows: History }) {
  const t = useT();
  return (
    <Table
      size="small"
      rowKey="caseNo"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t("Case number"), dataIndex: "caseNo" },
        { title: t("Decided"), dataIndex: "at", render: (v: string) => when(v) },
        { title: t("Points"), dataIndex: "delta", align: "right" },
        { title: t("Score"), dataIndex: "score", align: "right" },
      ]}
    />
  );
}

const years = () => [0, 1, 2, 3].map((k) => new Date().getFullYear() - k);

export function CreditPeoplePage({ of }: { of: "doctors" | "persons" }) {
  const t = useT();
  const [year, setYear] = useState(years()[0]!);
  const { data, error } = useResource<Entry[]>(`/supervision/credit/${of}?year=${year}`);
  const doctors = of === "doctors";
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space>
        <span>{t("Year")}</span>
        <Select
          aria-label="year"
          style={{ width: 110 }}
          value={year}
          onChange={setYear}
          options={years().map((y) => ({ value: y, label: String(y) }))}
        />
      </Space>
      <Alert
        type="info"
        title={t(
          doctors
            ? "A doctor has 12 points a year; each deducted case of the visits they attended costs points."
            : "An insured person starts the year at 100 points; each deducted case about them costs points.",
        )}
      />
      <Loaded error={error} ready={data !== null}>
        {() => (
          <Table<Entry>
            rowKey={(e) => e.doctor ?? e.psnNo ?? ""}
            size="middle"
            scroll={{ x: "max-content" }}
            pagination={{ pageSize: 50 }}
            dataSource={data!}
            locale={{ emptyText: t("No deducted case this year") }}
            expandable={{
              expandedRowRender: (e) => <CreditHistory rows={e.history} />,
            }}
            columns={[
              doctors
                ? { title: t("Doctor code"), dataIndex: "doctor" }
                : { title: t("Person"), render: (_, e) => `${e.name ?? ""} ${e.psnNo ?? ""}` },
              doctors
                ? { title: t("Institutions"), render: (_, e) => (e.institutions ?? []).join("、") }
                : { title: t("Region"), dataIndex: "regionCode" },
              { title: t("Score"), dataIndex: "score", align: "right" },
              {
                title: t(doctors ? "Registration review" : "Closer review (重点监控)"),
                render: (_, e) =>
                  (e.registrationReview ?? e.closerReview) ? (
                    <Tag color="red">{t("Flagged")}</Tag>
                  ) : (
                    <Tag>{t("No")}</Tag>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </Space>
  );
}
