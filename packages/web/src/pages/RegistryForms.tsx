import { parseCertno, parseUscc } from "@yibao/core/registry";
import { Alert, AutoComplete, Button, Checkbox, Form, Input, Modal, Select } from "antd";
import { useEffect, useState } from "react";
import { api, getRole, post } from "../api.ts";
import { useErrorText, useLang, useT } from "../i18n.ts";
import { label } from "../labels.ts";
import { navigate } from "../router.ts";
import { coreRule, showOnField } from "./common.tsx";

/** The agency (and admin) register persons and employers (the API admits them: requireRole("agency")). */
export const mayRegister = () => ["admin", "agency"].includes(getRole() ?? "");

/** Person types (人员类别) by scheme, as core's checkPsnType admits them. */
const PSN_TYPES: Record<string, string[]> = {
  "310": ["1101", "1102", "1103", "1201", "1202", "1203", "1300"],
  "390": ["1401", "1402", "1403", "1404", "1405", "1501"],
};

/** The fields of POST /person-enrolments: a refusal naming one is shown on it. */
const ENROL_FIELDS = [
  "certno",
  "name",
  "phone",
  "address",
  "householdNo",
  "regionCode",
  "insutype",
  "psnType",
  "employerUscc",
  "startDate",
] as const;
const EMPLOYER_FIELDS = ["uscc", "name", "regionCode"] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function useRegions() {
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  useEffect(() => {
    api<{ code: string; name: string }[]>("/regions").then(setRegions, () => {});
  }, []);
  return regions.map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }));
}

/** A region option matches what is typed in its code or its name. */
const regionMatch = (typed: string, option?: { value: string; label: string }) =>
  !!option && (option.value.startsWith(typed) || option.label.includes(typed));

/** 参保登记: a new person and their enrolment, in one request (one transaction on the server). */
export function EnrolPersonButton() {
  const t = useT();
  const lang = useLang();
  const errorText = useErrorText();
  const regions = useRegions();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const certno = Form.useWatch("certno", form) as string | undefined;
  const insutype = (Form.useWatch("insutype", form) as string | undefined) ?? "390";
  const flexible = Form.useWatch("flexible", form) as boolean | undefined;
  // gender and birth date are the ID number's (GB 11643): shown, not typed
  let derived: string | null = null;
  try {
    if (certno) {
      const info = parseCertno(certno);
      derived = `${label("gender", info.gender, lang)} · ${info.birthDate}`;
    }
  } catch {
    derived = null;
  }
  const submit = async (v: Record<string, string | boolean | undefined>) => {
    setError(null);
    setBusy(true);
    try {
      const needsEmployer = v.insutype === "310" && !v.flexible;
      const r = await api<{ person: { psn_no: string } }>(
        "/person-enrolments",
        post({
          certno: String(v.certno).trim(),
          name: String(v.name).trim(),
          phone: v.phone || undefined,
          address: v.address || undefined,
          householdNo: v.householdNo || undefined,
          regionCode: v.regionCode,
          insutype: v.insutype,
          psnType: v.psnType,
          employerUscc: needsEmployer ? v.employerUscc : undefined,
          flexible: v.insutype === "310" ? Boolean(v.flexible) : undefined,
          startDate: v.startDate,
        }),
      );
      setOpen(false);
      navigate(`/persons/${r.person.psn_no}`);
    } catch (e) {
      if (!showOnField(form, e, errorText, ENROL_FIELDS)) setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button type="primary" id="enrol-open" onClick={() => setOpen(true)}>
        {t("Enrol a person")}
      </Button>
      <Modal
        title={t("Enrol a person")}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ id: "enrol-submit", loading: busy }}
        destroyOnHidden
      >
        {error && <Alert id="enrol-error" type="error" title={error} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          name="enrol"
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={{ insutype: "390", psnType: "1501", flexible: false }}
        >
          <Form.Item
            name="certno"
            label={t("ID number")}
            extra={derived && <span id="enrol-derived">{derived}</span>}
            rules={[
              { required: true, message: t("Required") },
              { validator: coreRule((v) => parseCertno(v), errorText) },
            ]}
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t("Name")}
            rules={[{ required: true, whitespace: true, max: 50, message: t("Required") }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t("Phone")}
            rules={[{ pattern: /^[0-9+-]{5,20}$/, message: t("Not a phone number") }]}
          >
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="address" label={t("Address")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="householdNo" label={t("Household number")}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t("Region")}
            rules={[
              { required: true, message: t("Required") },
              { pattern: /^\d{6}$/, message: t("Six digits") },
            ]}
          >
            <AutoComplete options={regions} filterOption={regionMatch} />
          </Form.Item>
          <Form.Item name="insutype" label={t("Insutype")} rules={[{ required: true }]}>
            <Select
              options={["390", "310"].map((v) => ({ value: v, label: `${label("insutype", v, lang)} ${v}` }))}
              onChange={(v: string) => form.setFieldValue("psnType", PSN_TYPES[v]![0])}
            />
          </Form.Item>
          <Form.Item name="psnType" label={t("Person type")} rules={[{ required: true }]}>
            <Select
              options={(PSN_TYPES[insutype] ?? []).map((v) => ({
                value: v,
                label: `${label("psnType", v, lang)} ${v}`,
              }))}
            />
          </Form.Item>
          {insutype === "310" && (
            <>
              <Form.Item name="flexible" valuePropName="checked">
                <Checkbox>{t("Flexible employment (no employer)")}</Checkbox>
              </Form.Item>
              {!flexible && (
                <Form.Item
                  name="employerUscc"
                  label={t("Employer's credit code")}
                  rules={[
                    { required: true, message: t("Required") },
                    { validator: coreRule((v) => parseUscc(v, "employerUscc"), errorText) },
                  ]}
                >
                  <Input maxLength={18} />
                </Form.Item>
              )}
            </>
          )}
          <Form.Item
            name="startDate"
            label={`${t("Start date")} (yyyy-MM-dd)`}
            rules={[
              { required: true, message: t("Required") },
              { pattern: DAY, message: "yyyy-MM-dd" },
            ]}
          >
            <Input maxLength={10} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 单位登记: an employer by its unified social credit code (POST /employers); then its page. */
export function RegisterEmployerButton() {
  const t = useT();
  const errorText = useErrorText();
  const regions = useRegions();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const submit = async (v: Record<string, string>) => {
    setError(null);
    try {
      const r = await api<{ uscc: string }>(
        "/employers",
        post({ uscc: v.uscc!.trim(), name: v.name!.trim(), regionCode: v.regionCode }),
      );
      setOpen(false);
      navigate(`/employers/${r.uscc}`);
    } catch (e) {
      if (!showOnField(form, e, errorText, EMPLOYER_FIELDS)) setError(errorText(e));
    }
  };
  return (
    <>
      <Button type="primary" id="employer-open" onClick={() => setOpen(true)}>
        {t("Register an employer")}
      </Button>
      <Modal
        title={t("Register an employer")}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ id: "employer-submit" }}
        destroyOnHidden
      >
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} name="employer" layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="uscc"
            label={t("Unified social credit code")}
            rules={[
              { required: true, message: t("Required") },
              { validator: coreRule((v) => parseUscc(v), errorText) },
            ]}
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t("Name")}
            rules={[{ required: true, whitespace: true, max: 50, message: t("Required") }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t("Region")}
            rules={[
              { required: true, message: t("Required") },
              { pattern: /^\d{6}$/, message: t("Six digits") },
            ]}
          >
            <AutoComplete options={regions} filterOption={regionMatch} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
