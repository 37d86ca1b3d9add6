import { Button, Form, Input } from "antd";
import { when } from "../format.ts";
import { useT } from "../i18n.ts";
import { navigate, useLocation } from "../router.ts";
import { PagedTable } from "./PagedTable.tsx";

const FILTERS = ["entity", "entityId", "operatorLogin"] as const;

/** The audit log (admin) with filters kept in the URL, so a filtered view is a link too. */
export function AuditPage() {
  const t = useT();
  const { query } = useLocation();
  const params = new URLSearchParams();
  for (const f of FILTERS) if (query.get(f)) params.set(f, query.get(f)!);
  return (
    <>
      <Form
        layout="inline"
        style={{ marginBottom: 12 }}
        initialValues={Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""]))}
        onFinish={(v: Record<string, string>) => {
          const p = new URLSearchParams();
          for (const f of FILTERS) if (v[f]) p.set(f, v[f]!);
          navigate(`/audit-log${p.size ? `?${p}` : ""}`);
        }}
      >
        <Form.Item name="entity">
          <Input placeholder={t("Entity")} />
        </Form.Item>
        <Form.Item name="entityId">
          <Input placeholder={t("Entity id")} />
        </Form.Item>
        <Form.Item name="operatorLogin">
          <Input placeholder={t("Operator")} />
        </Form.Item>
        <Button htmlType="submit">{t("Filter")}</Button>
      </Form>
      <PagedTable<{
        id: string;
        at: string;
        operator_login: string;
        action: string;
        entity: string;
        entity_id: string;
      }>
        path={`/audit-log${params.size ? `?${params}` : ""}`}
        rowKey="id"
        columns={[
          { title: t("Time"), dataIndex: "at", render: (v: string) => when(v) },
          { title: t("Operator"), dataIndex: "operator_login" },
          { title: t("Action"), dataIndex: "action" },
          { title: t("Entity"), dataIndex: "entity" },
          { title: t("Entity id"), dataIndex: "entity_id" },
        ]}
      />
    </>
  );
}
