import { Space, Tabs } from "antd";
import { yuan } from "../format.ts";
import { useLang, useT } from "../i18n.ts";
import { label, regionLabel } from "../labels.ts";
import { Link } from "../router.ts";
import { Facts, Loaded, useResource } from "./common.tsx";
import { ArrearsTable } from "./Contributions.tsx";
import { PagedTable } from "./PagedTable.tsx";
import { RegisterEmployerButton, mayRegister } from "./RegistryForms.tsx";

export function EmployersPage() {
  const t = useT();
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      {mayRegister() && <RegisterEmployerButton />}
      <PagedTable<{ uscc: string; name: string; region_code: string }>
        path="/employers"
        rowKey="uscc"
        columns={[
          {
            title: "统一社会信用代码",
            dataIndex: "uscc",
            render: (v: string) => <Link to={`/employers/${v}`}>{v}</Link>,
          },
          { title: t("Name"), dataIndex: "name" },
          { title: t("Region"), dataIndex: "region_code", render: (v: string) => regionLabel(v) },
        ]}
      />
    </Space>
  );
}

/** An employer with its staff (enrolments) and contributions. */
export function EmployerPage({ uscc }: { uscc: string }) {
  const t = useT();
  const lang = useLang();
  const { data, error } = useResource<{ uscc: string; name: string; region_code: string }>(
    `/employers/${uscc}`,
  );
  return (
    <Loaded error={error} ready={data !== null}>
      {() => (
        <>
          <Facts
            title={data!.name}
            items={[
              ["USCC", data!.uscc],
              [t("Region"), regionLabel(data!.region_code)],
            ]}
          />
          <Tabs
            items={[
              {
                key: "staff",
                label: t("Staff"),
                children: (
                  <PagedTable<{
                    enrolmentId: string;
                    psnNo: string;
                    name: string;
                    insutype: string;
                    psnType: string;
                    status: string;
                    startDate: string;
                  }>
                    path={`/employers/${uscc}/staff`}
                    rowKey="enrolmentId"
                    columns={[
                      {
                        title: t("Person number"),
                        dataIndex: "psnNo",
                        render: (v: string) => <Link to={`/persons/${v}`}>{v}</Link>,
                      },
                      { title: t("Name"), dataIndex: "name" },
                      {
                        title: t("Insutype"),
                        dataIndex: "insutype",
                        render: (v: string) => label("insutype", v, lang),
                      },
                      {
                        title: t("Person type"),
                        dataIndex: "psnType",
                        render: (v: string) => label("psnType", v, lang),
                      },
                      {
                        title: t("Status"),
                        dataIndex: "status",
                        render: (v: string) => label("status", v, lang),
                      },
                      { title: t("Start date"), dataIndex: "startDate" },
                    ]}
                  />
                ),
              },
              {
                key: "contributions",
                label: t("Contributions"),
                children: (
                  <PagedTable<{
                    assessmentId: string;
                    period: string;
                    psnNo: string;
                    employerAmount: string;
                    total: string;
                    paid: string;
                    owed: string;
                  }>
                    path={`/employers/${uscc}/contributions`}
                    rowKey="assessmentId"
                    columns={[
                      { title: t("Period"), dataIndex: "period" },
                      { title: t("Person number"), dataIndex: "psnNo" },
                      { title: "单位缴费", dataIndex: "employerAmount", render: yuan },
                      { title: t("Total"), dataIndex: "total", render: yuan },
                      { title: t("Paid"), dataIndex: "paid", render: yuan },
                      { title: t("Owed"), dataIndex: "owed", render: yuan },
                    ]}
                  />
                ),
              },
              {
                key: "arrears",
                label: t("Arrears"),
                children: <ArrearsTable query={`employerUscc=${encodeURIComponent(uscc)}`} version={0} />,
              },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
