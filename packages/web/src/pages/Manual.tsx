import { Alert, Button, Card, Checkbox, Form, Input, Select, Space } from "antd";
import { useState } from "react";
import { api, post } from "../api.ts";
import { yuan } from "../format.ts";
import { useErrorText, useT } from "../i18n.ts";
import { Link } from "../router.ts";
import { PagedTable } from "./PagedTable.tsx";

interface Result {
  setlinfo: { setl_id: string; medfee_sumamt: string; fund_pay_sumamt: string; psn_cash_pay: string };
}

/** 零星报销: enter a cash bill paid out of network; settled once per invoice; payable to the person. */
export function ManualPage() {
  const t = useT();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [version, setVersion] = useState(0);
  const submit = async (v: Record<string, unknown>) => {
    setError(null);
    try {
      const r = await api<Result>(
        "/manual-reimbursements",
        post({ ...v, useAccount: Boolean(v.useAccount) }),
      );
      setDone(r);
      setVersion((x) => x + 1);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <Card title={t("Manual reimbursement")} style={{ marginBottom: 16, maxWidth: 900 }}>
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
        {done && (
          <Alert
            type="success"
            style={{ marginBottom: 12 }}
            title={
              <span id="manual-result">
                {t("Reimbursed")}:{" "}
                <Link to={`/settlements/${done.setlinfo.setl_id}`}>{done.setlinfo.setl_id}</Link> ·{" "}
                {t("Fund paid")} ¥{yuan(done.setlinfo.fund_pay_sumamt)}
              </span>
            }
          />
        )}
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ insutype: "310", medType: "11", level: "3", lines: [{ cnt: "1" }] }}
        >
          <Space wrap>
            <Form.Item name="psnNo" label={t("Person number")} rules={[{ required: true }]}>
              <Input id="manual-psnNo" />
            </Form.Item>
            <Form.Item name="insutype" label={t("Insutype")}>
              <Select
                style={{ width: 200 }}
                options={[
                  { value: "310", label: "职工 310" },
                  { value: "390", label: "居民 390" },
                ]}
              />
            </Form.Item>
            <Form.Item name="medType" label={t("Medical type")}>
              <Select
                style={{ width: 160 }}
                options={[
                  { value: "11", label: "门诊 11" },
                  { value: "21", label: "住院 21" },
                ]}
              />
            </Form.Item>
            <Form.Item name="level" label={t("Level")}>
              <Select style={{ width: 100 }} options={["1", "2", "3"].map((l) => ({ value: l, label: l }))} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="institutionCode" label={t("Invoice issuer")} rules={[{ required: true }]}>
              <Input id="manual-issuer" />
            </Form.Item>
            <Form.Item name="invoiceNo" label={t("Invoice number")} rules={[{ required: true }]}>
              <Input id="manual-invoice" />
            </Form.Item>
            <Form.Item name="billDate" label={`${t("Bill date")} (yyyy-MM-dd)`} rules={[{ required: true }]}>
              <Input id="manual-date" />
            </Form.Item>
            <Form.Item name="useAccount" valuePropName="checked" label=" ">
              <Checkbox>{t("Use personal account")}</Checkbox>
            </Form.Item>
          </Space>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap>
                    <Form.Item name={[f.name, "code"]} label={t("Item code")} rules={[{ required: true }]}>
                      <Input id={`manual-code-${f.name}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, "name"]} label={t("Item name")}>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, "pric"]} label={t("Price")} rules={[{ required: true }]}>
                      <Input id={`manual-price-${f.name}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, "cnt"]} label={t("Quantity")} rules={[{ required: true }]}>
                      <Input />
                    </Form.Item>
                    {fields.length > 1 && <Button onClick={() => remove(f.name)}>−</Button>}
                  </Space>
                ))}
                <Button onClick={() => add({ cnt: "1" })}>{t("Add line")}</Button>
              </>
            )}
          </Form.List>
          <div style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" id="manual-submit">
              {t("Submit")}
            </Button>
          </div>
        </Form>
      </Card>
      <PagedTable<{
        id: string;
        setlId: string;
        psnNo: string;
        name: string;
        invoiceNo: string;
        fundPay: string;
        cashPay: string;
        reversedBy: string | null;
        review: ManualStep | null;
        payment: ManualStep | null;
      }>
        key={version}
        path="/manual-reimbursements"
        rowKey="id"
        columns={[
          {
            title: t("Settlement"),
            dataIndex: "setlId",
            render: (v: string) => <Link to={`/settlements/${v}`}>{v}</Link>,
          },
          { title: t("Person number"), dataIndex: "psnNo" },
          { title: t("Name"), dataIndex: "name" },
          { title: t("Invoice number"), dataIndex: "invoiceNo" },
          { title: t("Fund paid"), dataIndex: "fundPay", render: yuan },
          { title: t("Cash paid"), dataIndex: "cashPay", render: yuan },
          { title: t("Reversed by"), dataIndex: "reversedBy" },
          {
            title: t("Review and payment"),
            key: "steps",
            render: (_: unknown, r) => (
              <ManualSteps
                id={r.id}
                review={r.review}
                payment={r.payment}
                onDone={() => setVersion((v) => v + 1)}
              />
            ),
          },
        ]}
      />
    </>
  );
}

interface ManualStep {
  outcome: "approved" | "rejected" | "paid";
  reference: string;
  note: string;
  operator: string;
  at: string;
}

/**
 * 复核 and 支付 of one reimbursement: a second operator approves (or rejects with a note, which
 * reverses it), then the payment is recorded with its reference; the server refuses what is out
 * of turn, and its refusal is shown here.
 */
function ManualSteps(props: {
  id: string;
  review: ManualStep | null;
  payment: ManualStep | null;
  onDone: () => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const act = async (what: "review" | "payment", body: Record<string, string>) => {
    try {
      await api(`/manual-reimbursements/${props.id}/${what}`, post(body));
      setError(null);
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const ask = (question: string) => window.prompt(question)?.trim() ?? "";
  const { review, payment } = props;
  return (
    <Space orientation="vertical" size={2}>
      {review && (
        <span>
          {t(review.outcome === "approved" ? "Approved" : "Rejected")} · {review.operator}
          {review.note ? ` · ${review.note}` : ""}
        </span>
      )}
      {payment && (
        <span>
          {t("Paid out")} · {payment.reference}
        </span>
      )}
      {!review && (
        <Space>
          <Button
            size="small"
            className="manual-approve"
            onClick={() => act("review", { decision: "approve" })}
          >
            {t("Approve")}
          </Button>
          <Button
            size="small"
            danger
            onClick={() => {
              const note = ask(t("Why is it rejected?"));
              if (note) void act("review", { decision: "reject", note });
            }}
          >
            {t("Reject")}
          </Button>
        </Space>
      )}
      {review?.outcome === "approved" && !payment && (
        <Button
          size="small"
          className="manual-pay"
          onClick={() => {
            const reference = ask(t("The transfer's reference"));
            if (reference) void act("payment", { reference });
          }}
        >
          {t("Record payment")}
        </Button>
      )}
      {error && <Alert type="error" title={error} className="manual-step-error" />}
    </Space>
  );
}
