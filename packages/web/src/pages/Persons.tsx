import { Input, Space } from "antd";
import { PagedTable } from "./PagedTable.tsx";
import { Link, navigate, useLocation } from "../router.ts";
import { useLang, useT } from "../i18n.ts";
import { label, regionLabel } from "../labels.ts";
import { EnrolPersonButton, mayRegister } from "./RegistryForms.tsx";

interface PersonRow {
  psn_no: string;
  name: string;
  certno: string;
  gender: string;
  birth_date: string | null;
  region_code: string;
}

/** 参保人员: search by ID number, person number or the beginning of a name (on the server). */
export function PersonsPage() {
  const t = useT();
  const lang = useLang();
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      <Space wrap>
        <Input.Search
          id="person-search"
          allowClear
          enterButton={t("Search")}
          placeholder={t("ID number, person number or name")}
          defaultValue={q}
          onSearch={(v) => navigate(v.trim() ? `/persons?q=${encodeURIComponent(v.trim())}` : "/persons")}
          style={{ width: 560, maxWidth: "100%" }}
        />
        {mayRegister() && <EnrolPersonButton />}
      </Space>
      <PagedTable<PersonRow>
        path={q ? `/persons/search?q=${encodeURIComponent(q)}` : "/persons"}
        rowKey="psn_no"
        columns={[
          {
            title: t("Person number"),
            dataIndex: "psn_no",
            render: (v: string) => <Link to={`/persons/${v}`}>{v}</Link>,
          },
          { title: t("Name"), dataIndex: "name" },
          { title: t("ID number"), dataIndex: "certno" },
          { title: t("Gender"), dataIndex: "gender", render: (v: string) => label("gender", v, lang) },
          { title: t("Birth date"), dataIndex: "birth_date" },
          { title: t("Region"), dataIndex: "region_code", render: (v: string) => regionLabel(v) },
        ]}
      />
    </Space>
  );
}
