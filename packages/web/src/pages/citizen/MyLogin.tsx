import { Alert, Button, Card, Form, Input, Segmented } from "antd";
import { useState } from "react";
import { citizenApi, post, setCitizenToken } from "../../api.ts";
import { useErrorText } from "../../i18n.ts";

/**
 * Sign-in of the online services (线上服务): an ID number (or an employer's credit code) and a
 * one-time code. Demo: the code is printed in the server log. Plain words, large type.
 */
export function MyLoginPage({ notice, onSignedIn }: { notice?: string | null; onSignedIn: () => void }) {
  const errorText = useErrorText();
  const [kind, setKind] = useState<"insured" | "employer">("insured");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const send = async () => {
    setError(null);
    try {
      const credential = String(form.getFieldValue("credential") ?? "").trim();
      await citizenApi("/selfservice/codes", post({ kind, credential }));
      setSent(true);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const login = async (v: { credential: string; code: string }) => {
    setError(null);
    try {
      const r = await citizenApi<{ token: string; kind: string }>(
        "/selfservice/login",
        post({ kind, credential: v.credential.trim(), code: v.code.trim() }),
      );
      setCitizenToken(r.token, r.kind);
      onSignedIn();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Card title="医保网上服务" style={{ maxWidth: 480, margin: "4vh auto" }}>
      {notice && <Alert type="warning" title={notice} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
      <Segmented
        block
        value={kind}
        onChange={(v) => setKind(v as "insured" | "employer")}
        options={[
          { label: "我是参保人", value: "insured" },
          { label: "我是单位", value: "employer" },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical" size="large" onFinish={login}>
        <Form.Item
          name="credential"
          label={kind === "insured" ? "身份证号" : "统一社会信用代码"}
          rules={[{ required: true, len: 18 }]}
        >
          <Input id="my-credential" inputMode="text" autoComplete="off" />
        </Form.Item>
        <Button block onClick={send} id="my-send" style={{ marginBottom: 16 }}>
          {sent ? "重新获取验证码" : "获取验证码"}
        </Button>
        {sent && (
          <Alert
            type="info"
            title="验证码已发送（演示版：见服务器日志），5 分钟内有效"
            style={{ marginBottom: 16 }}
          />
        )}
        <Form.Item name="code" label="验证码" rules={[{ required: true, len: 6 }]}>
          <Input id="my-code" inputMode="numeric" maxLength={6} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block id="my-login">
          登录
        </Button>
      </Form>
    </Card>
  );
}
