import { Alert, Button, Card, Form, Input } from "antd";
import { useState } from "react";
import { api, setToken } from "../api.ts";
import { useT } from "../i18n.ts";

/** The login page; `notice` says why the operator is here again (their session ended). */
export function Login({ onLogin, notice }: { onLogin: () => void; notice?: string | null }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { login: string; password: string }) => {
    try {
      const res = await api<{ token: string; operator: { role: string } }>("/auth/login", {
        method: "POST",
        body: JSON.stringify(v),
      });
      setToken(res.token, res.operator.role);
      onLogin();
    } catch (e) {
      setError(`${t("Login failed")}: ${(e as Error).message}`);
    }
  };
  return (
    <Card title={t("Yibao")} style={{ maxWidth: 420, margin: "10vh auto" }}>
      {notice && !error && <Alert type="warning" title={notice} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={submit} size="large">
        <Form.Item name="login" label={t("Login name")} rules={[{ required: true }]}>
          <Input id="login" autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t("Password")} rules={[{ required: true }]}>
          <Input.Password id="password" autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {t("Log in")}
        </Button>
      </Form>
    </Card>
  );
}
