import { Alert, Button, Card, Form, Input, Select } from "antd";
import { useState } from "react";
import { citizenApi, post } from "../../api.ts";
import { useErrorText } from "../../i18n.ts";
import { navigate } from "../../router.ts";
import { useResource } from "../common.tsx";

interface Item {
  code: string;
  name: string;
  online: boolean;
  timeLimitDays: number;
  needsInvoice: boolean;
}

/** The fields each item asks for, in plain words (the server checks the same: services.service.ts). */
const FIELDS: Record<string, { name: string; label: string; type?: "filingType" | "insutype" }[]> = {
  out_of_region_filing: [
    { name: "treatmentRegion", label: "去哪里看病（就医地行政区划代码，如玉溪市 530400）" },
    { name: "filingType", label: "备案类型", type: "filingType" },
    { name: "validFrom", label: "开始日期（如 2026-05-01）" },
    { name: "validTo", label: "结束日期（可不填）" },
  ],
  transfer: [
    { name: "toRegion", label: "转入地行政区划代码" },
    { name: "reason", label: "原因" },
  ],
  manual_reimbursement: [
    { name: "institutionCode", label: "开票医院编码" },
    { name: "invoiceNo", label: "发票号" },
    { name: "billDate", label: "发票日期" },
    { name: "amount", label: "金额（元）" },
  ],
  chronic_disease: [
    { name: "diseaseName", label: "病种名称" },
    { name: "diseaseCode", label: "病种编码（可不填）" },
    { name: "hospital", label: "诊断医院" },
  ],
  maternity: [
    { name: "eventDate", label: "生育日期" },
    { name: "hospital", label: "医院" },
  ],
  enrolment: [{ name: "insutype", label: "险种", type: "insutype" }],
  employer_enrolment: [{ name: "reason", label: "说明" }],
};

const FILING_TYPES = [
  { value: "commitment", label: "承诺制备案（先备案，后补材料）" },
  { value: "temporary", label: "临时外出就医" },
  { value: "long_term_resident", label: "异地长期居住" },
  { value: "resettled", label: "异地安置退休" },
  { value: "referral", label: "转诊转院" },
];

/** 网上办事: choose an item, fill in its few fields, send; an invoice image for reimbursements. */
export function MyApplyPage() {
  const errorText = useErrorText();
  const { data: items } = useResource<Item[]>("/selfservice/items", 0, citizenApi);
  const [code, setCode] = useState("out_of_region_filing");
  const [error, setError] = useState<string | null>(null);
  const item = items?.find((i) => i.code === code);
  const submit = async (v: Record<string, string>) => {
    setError(null);
    const form = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ""));
    try {
      const a = await citizenApi<{ id: string }>("/selfservice/applications", post({ itemCode: code, form }));
      navigate(`/my/applications/${a.id}`);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Card title="网上办事">
      {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
      <Select
        id="my-item"
        size="large"
        value={code}
        onChange={setCode}
        style={{ width: "100%", marginBottom: 16 }}
        options={(items ?? []).map((i) => ({
          value: i.code,
          label: `${i.name}${i.online ? "" : "（需到窗口办理）"}`,
          disabled: !i.online,
        }))}
      />
      {item && <p>办理时限：{item.timeLimitDays} 天</p>}
      <Form key={code} layout="vertical" size="large" onFinish={submit}>
        {(FIELDS[code] ?? []).map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            rules={[{ required: !/可不填/.test(f.label) }]}
          >
            {f.type === "filingType" ? (
              <Select id={`my-${f.name}`} options={FILING_TYPES} />
            ) : f.type === "insutype" ? (
              <Select
                options={[
                  { value: "390", label: "城乡居民医保" },
                  { value: "310", label: "职工医保" },
                ]}
              />
            ) : (
              <Input id={`my-${f.name}`} />
            )}
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" block id="my-submit">
          提交申请
        </Button>
      </Form>
      <Button type="link" onClick={() => navigate("/my")}>
        返回
      </Button>
    </Card>
  );
}
