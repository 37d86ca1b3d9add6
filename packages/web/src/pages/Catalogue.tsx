import { Form, Input, Button } from "antd";
import { yuan } from "../format.ts";
import { useLang, useT } from "../i18n.ts";
import { label } from "../labels.ts";
import { navigate, useLocation } from "../router.ts";
import { PagedTable } from "./PagedTable.tsx";

/** 医保目录 in force on a date (default today), by code or name. */
export function CataloguePage() {
  const t = useT();
  const lang = useLang();
  const { query } = useLocation();
  const p = new URLSearchParams();
  if (query.get("q")) p.set("q", query.get("q")!);
  if (query.get("date")) p.set("date", query.get("date")!);
  return (
    <>
      <Form
        layout="inline"
        style={{ marginBottom: 12 }}
        initialValues={{ q: query.get("q") ?? "", date: query.get("date") ?? "" }}
        onFinish={(v: { q: string; date: string }) => {
          const n = new URLSearchParams();
          if (v.q) n.set("q", v.q);
          if (v.date) n.set("date", v.date);
          navigate(`/catalogue${n.size ? `?${n}` : ""}`);
        }}
      >
        <Form.Item name="q">
          <Input placeholder={`${t("Code")} / ${t("Name")}`} />
        </Form.Item>
        <Form.Item name="date">
          <Input placeholder={`${t("Valid on")} yyyy-MM-dd`} />
        </Form.Item>
        <Button htmlType="submit">{t("Search")}</Button>
      </Form>
      <PagedTable<{
        med_list_codg: string;
        name: string;
        kind: string;
        chrgitm_lv: string;
        selfpay_prop: string;
        pric_uplmt_amt: string | null;
        valid_from: string;
        valid_to: string | null;
      }>
        path={`/catalogue${p.size ? `?${p}` : ""}`}
        rowKey="med_list_codg"
        columns={[
          { title: t("Code"), dataIndex: "med_list_codg" },
          { title: t("Name"), dataIndex: "name" },
          { title: t("Kind"), dataIndex: "kind" },
          {
            title: t("Class"),
            dataIndex: "chrgitm_lv",
            render: (v: string) => label("class", { "01": "A", "02": "B", "03": "C" }[v] ?? v, lang),
          },
          { title: t("Self-pay first"), dataIndex: "selfpay_prop" },
          { title: "限价", dataIndex: "pric_uplmt_amt", render: (v: string | null) => yuan(v) },
          { title: t("Valid from"), dataIndex: "valid_from" },
          { title: t("Valid to"), dataIndex: "valid_to" },
        ]}
      />
    </>
  );
}
