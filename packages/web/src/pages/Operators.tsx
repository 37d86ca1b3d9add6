import { Alert, Button, Card, Form, Input, Select, Space, Tag } from "antd";
import { useState } from "react";
import { api, post } from "../api.ts";
import { when } from "../format.ts";
import { useErrorText, useLang, useT } from "../i18n.ts";
import { label, regionLabel } from "../labels.ts";
import { PagedTable } from "./PagedTable.tsx";

interface Operator {
  id: string;
  login: string;
  displayName: string;
  role: string;
  regionCode: string | null;
  fixmedinsCode: string | null;
  active: boolean;
  lockedUntil: string | null;
}
const ROLES = ["admin", "agency", "auditor", "supervisor", "leader", "institution"];

/** Operators and their roles (admin): create, deactivate and activate, reset a password, unlock. */
export function OperatorsPage() {
  const t = useT();
  const lang = useLang();
  const errorText = useErrorText();
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (path: string, body: unknown = {}) => {
    try {
      await api(path, post(body));
      setMessage({ ok: true, text: t("Saved") });
      setVersion((v) => v + 1);
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  };
  const reset = (id: string) => {
    const pw = window.prompt(t("New password"));
    if (pw) void act(`/operators/${id}/password`, { newPassword: pw });
  };
  return (
    <>
      {message && (
        <Alert type={message.ok ? "success" : "error"} title={message.text} style={{ marginBottom: 12 }} />
      )}
      <Card title={t("New operator")} size="small" style={{ marginBottom: 16 }}>
        <Form
          layout="inline"
          onFinish={(v: Record<string, string>) =>
            act("/operators", {
              ...v,
              regionCode: v.regionCode || undefined,
              fixmedinsCode: v.fixmedinsCode || undefined,
            })
          }
        >
          <Form.Item name="login" rules={[{ required: true }]}>
            <Input placeholder={t("Login name")} />
          </Form.Item>
          <Form.Item name="displayName" rules={[{ required: true }]}>
            <Input placeholder={t("Display name")} />
          </Form.Item>
          <Form.Item name="role" rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              placeholder={t("Role")}
              options={ROLES.map((r) => ({ value: r, label: label("role", r, lang) }))}
            />
          </Form.Item>
          <Form.Item name="regionCode">
            <Input placeholder={t("Region")} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="fixmedinsCode">
            <Input placeholder={t("Institution")} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, min: 10 }]}>
            <Input.Password placeholder={t("Password")} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t("Submit")}
          </Button>
        </Form>
      </Card>
      <PagedTable<Operator>
        key={version}
        path="/operators"
        rowKey="id"
        columns={[
          { title: t("Login name"), dataIndex: "login" },
          { title: t("Display name"), dataIndex: "displayName" },
          { title: t("Role"), dataIndex: "role", render: (v: string) => label("role", v, lang) },
          { title: t("Region"), dataIndex: "regionCode", render: (v: string | null) => regionLabel(v) },
          { title: t("Institution"), dataIndex: "fixmedinsCode" },
          {
            title: t("Status"),
            key: "status",
            render: (_: unknown, r) => (
              <>
                <Tag color={r.active ? "green" : "default"}>{r.active ? t("Active") : t("Inactive")}</Tag>
                {r.lockedUntil && <Tag color="red">{`${t("Locked")} → ${when(r.lockedUntil)}`}</Tag>}
              </>
            ),
          },
          {
            title: t("Action"),
            key: "act",
            render: (_: unknown, r) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => act(`/operators/${r.id}/${r.active ? "deactivate" : "activate"}`)}
                >
                  {r.active ? t("Deactivate") : t("Activate")}
                </Button>
                <Button size="small" onClick={() => reset(r.id)}>
                  {t("Reset password")}
                </Button>
                {r.lockedUntil && (
                  <Button size="small" onClick={() => act(`/operators/${r.id}/unlock`)}>
                    {t("Unlock")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
