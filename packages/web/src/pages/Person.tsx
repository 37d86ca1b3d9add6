import { Alert, Button, Card, Form, Input, Modal, Select, Table, Tabs, Tag } from "antd";
import { useState } from "react";
import { ApiError, api, getRole, post } from "../api.ts";
import { when, yuan } from "../format.ts";
import { useErrorText, useLang, useT } from "../i18n.ts";
import { label, regionLabel } from "../labels.ts";
import { Link } from "../router.ts";
import { Facts, Loaded, useResource } from "./common.tsx";
import { PagedTable } from "./PagedTable.tsx";

interface Enrolment {
  id: string;
  insutype: string;
  psn_type: string;
  region_code: string;
  status: string;
  start_date: string;
  end_date: string | null;
  benefit_start_date: string | null;
  carried_months: number;
  history: { status: string; effective_date: string; reason: string | null; recorded_at: string }[];
}
interface PersonDetail {
  psn_no: string;
  name: string;
  certno: string;
  gender: string;
  birth_date: string | null;
  phone: string | null;
  address: string | null;
  household_no: string | null;
  card_no: string;
  region_code: string;
  enrolments: Enrolment[];
  assistance: { category: string; valid_from: string; valid_to: string | null }[];
  accountBalance: string | null;
}

/** The person page: identity, enrolments with their history, assistance, money, settlements, filings. */
export function PersonPage({ psnNo }: { psnNo: string }) {
  const t = useT();
  const lang = useLang();
  const [version, setVersion] = useState(0);
  const { data: p, error } = useResource<PersonDetail>(`/persons/${encodeURIComponent(psnNo)}`, version);
  const agency = ["admin", "agency"].includes(getRole() ?? "");
  return (
    <Loaded error={error} ready={p !== null}>
      {() => (
        <>
          <Facts
            title={`${p!.name} · ${p!.psn_no}`}
            items={[
              [t("ID number"), p!.certno],
              [t("Gender"), label("gender", p!.gender, lang)],
              [t("Birth date"), p!.birth_date ?? "—"],
              [t("Region"), regionLabel(p!.region_code)],
              ["电话 / phone", p!.phone ?? "—"],
              ["社保卡 / card", p!.card_no],
              [t("Personal account"), p!.accountBalance === null ? "—" : `¥ ${yuan(p!.accountBalance)}`],
              [
                t("Assistance categories"),
                p!.assistance.map((a) => label("assistance", a.category, lang)).join("、") || "—",
              ],
            ]}
          />
          {agency && <PersonActions person={p!} onDone={() => setVersion((v) => v + 1)} />}
          <Tabs
            items={[
              { key: "enrolments", label: t("Enrolments"), children: <Enrolments rows={p!.enrolments} /> },
              { key: "contributions", label: t("Contributions"), children: <Contributions psnNo={psnNo} /> },
              { key: "account", label: t("Personal account"), children: <Account psnNo={psnNo} /> },
              { key: "settlements", label: t("Settlements"), children: <SettlementsOf psnNo={psnNo} /> },
              { key: "filings", label: t("Out-of-region filings"), children: <Filings psnNo={psnNo} /> },
              {
                key: "applications",
                label: t("Applications"),
                children: <ApplicationsTable path={`/service-applications?psnNo=${psnNo}`} />,
              },
              // fund supervision's findings on the person's visits, for the roles that may read them
              ...(["admin", "auditor", "supervisor"].includes(getRole() ?? "")
                ? [{ key: "findings", label: t("Findings"), children: <FindingsOf psnNo={psnNo} /> }]
                : []),
            ]}
          />
        </>
      )}
    </Loaded>
  );
}

function Enrolments({ rows }: { rows: Enrolment[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <Table<Enrolment>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: "max-content" }}
      expandable={{
        expandedRowRender: (e) => (
          <Table
            size="small"
            rowKey={(h) => `${h.recorded_at}${h.status}`}
            pagination={false}
            dataSource={e.history}
            columns={[
              { title: t("Status"), dataIndex: "status", render: (v: string) => label("status", v, lang) },
              { title: t("Valid from"), dataIndex: "effective_date" },
              { title: t("Reason"), dataIndex: "reason" },
              { title: t("Time"), dataIndex: "recorded_at", render: (v: string) => when(v) },
            ]}
          />
        ),
      }}
      columns={[
        { title: "id", dataIndex: "id" },
        { title: t("Insutype"), dataIndex: "insutype", render: (v: string) => label("insutype", v, lang) },
        { title: t("Person type"), dataIndex: "psn_type", render: (v: string) => label("psnType", v, lang) },
        { title: t("Region"), dataIndex: "region_code", render: (v: string) => regionLabel(v) },
        {
          title: t("Status"),
          dataIndex: "status",
          render: (v: string) => (
            <Tag color={v === "active" ? "green" : "default"}>{label("status", v, lang)}</Tag>
          ),
        },
        { title: t("Start date"), dataIndex: "start_date" },
        { title: t("End date"), dataIndex: "end_date" },
        { title: t("Benefit from"), dataIndex: "benefit_start_date" },
      ]}
    />
  );
}

function Contributions({ psnNo }: { psnNo: string }) {
  const t = useT();
  return (
    <PagedTable<{
      assessmentId: string;
      period: string;
      kind: string;
      total: string;
      paid: string;
      owed: string;
    }>
      path={`/persons/${psnNo}/contributions`}
      rowKey="assessmentId"
      columns={[
        { title: t("Period"), dataIndex: "period" },
        { title: t("Kind"), dataIndex: "kind" },
        { title: t("Total"), dataIndex: "total", render: yuan },
        { title: t("Paid"), dataIndex: "paid", render: yuan },
        {
          title: t("Owed"),
          dataIndex: "owed",
          render: (v: string) => (v === "0.00" ? v : <Tag color="red">{yuan(v)}</Tag>),
        },
      ]}
    />
  );
}

function Account({ psnNo }: { psnNo: string }) {
  const t = useT();
  return (
    <PagedTable<{ id: string; at: string; kind: string; amount: string; balance_after: string }>
      path={`/persons/${psnNo}/account`}
      rowKey="id"
      columns={[
        { title: t("Time"), dataIndex: "at", render: (v: string) => when(v) },
        { title: t("Kind"), dataIndex: "kind" },
        { title: t("Amount"), dataIndex: "amount", render: yuan },
        { title: t("Balance after"), dataIndex: "balance_after", render: yuan },
      ]}
    />
  );
}

export function SettlementsOf({ psnNo, institutionCode }: { psnNo?: string; institutionCode?: string }) {
  const t = useT();
  const lang = useLang();
  return (
    <PagedTable<{
      setl_id: string;
      kind: string;
      setl_time: string;
      psn_no: string;
      med_type: string;
      fixmedins_code: string | null;
      medfee_sumamt: string;
      fund_pay_sumamt: string;
      psn_cash_pay: string;
    }>
      path={
        psnNo
          ? `/settlements?psnNo=${psnNo}`
          : institutionCode
            ? `/settlements?institutionCode=${encodeURIComponent(institutionCode)}`
            : "/settlements"
      }
      rowKey="setl_id"
      orderBy="setl_time"
      columns={[
        {
          title: t("Settlement"),
          dataIndex: "setl_id",
          render: (v: string) => <Link to={`/settlements/${v}`}>{v}</Link>,
        },
        { title: t("Kind"), dataIndex: "kind", render: (v: string) => label("settleKind", v, lang) },
        { title: t("Time"), dataIndex: "setl_time", render: (v: string) => when(v) },
        {
          title: t("Person number"),
          dataIndex: "psn_no",
          render: (v: string) => <Link to={`/persons/${v}`}>{v}</Link>,
        },
        { title: t("Medical type"), dataIndex: "med_type", render: (v: string) => label("medType", v, lang) },
        { title: t("Institution"), dataIndex: "fixmedins_code" },
        { title: t("Total cost"), dataIndex: "medfee_sumamt", render: yuan },
        { title: t("Fund paid"), dataIndex: "fund_pay_sumamt", render: yuan },
        { title: t("Cash paid"), dataIndex: "psn_cash_pay", render: yuan },
      ]}
    />
  );
}

function Filings({ psnNo }: { psnNo: string }) {
  const t = useT();
  const lang = useLang();
  const { data, error } = useResource<FilingRow[]>(`/out-of-region-filings?psnNo=${psnNo}`);
  if (error) return <Alert type="error" title={error} />;
  return <FilingTable rows={data ?? []} t={t} lang={lang} />;
}

export interface FilingRow {
  id: string;
  insuredRegion: string;
  treatmentRegion: string;
  filingType: string;
  validFrom: string;
  validTo: string | null;
  commitmentDue: string | null;
  status: string;
}
export function FilingTable({
  rows,
  t,
  lang,
}: {
  rows: FilingRow[];
  t: (k: string) => string;
  lang: "zh" | "en";
}) {
  return (
    <Table<FilingRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: "max-content" }}
      columns={[
        { title: t("Treatment region"), dataIndex: "treatmentRegion", render: (v: string) => regionLabel(v) },
        {
          title: t("Filing type"),
          dataIndex: "filingType",
          render: (v: string) => label("filingType", v, lang),
        },
        { title: t("Valid from"), dataIndex: "validFrom" },
        { title: t("Valid to"), dataIndex: "validTo" },
        { title: t("Commitment due"), dataIndex: "commitmentDue" },
        { title: t("Status"), dataIndex: "status", render: (v: string) => label("filingStatus", v, lang) },
      ]}
    />
  );
}

export function ApplicationsTable({ path }: { path: string }) {
  const t = useT();
  const lang = useLang();
  return (
    <PagedTable<{
      id: string;
      itemName: string;
      itemNameEn: string;
      status: string;
      submittedAt: string;
      dueAt: string;
      overdue: boolean;
      applicant: { name: string | null; psnNo: string | null };
    }>
      path={path}
      rowKey="id"
      columns={[
        { title: "id", dataIndex: "id", render: (v: string) => <Link to={`/applications/${v}`}>{v}</Link> },
        {
          title: t("Item"),
          key: "item",
          render: (_: unknown, r) => (lang === "zh" ? r.itemName : r.itemNameEn),
        },
        {
          title: t("Applicant"),
          key: "who",
          render: (_: unknown, r) => `${r.applicant.name ?? ""} ${r.applicant.psnNo ?? ""}`,
        },
        {
          title: t("Status"),
          key: "status",
          render: (_: unknown, r) => (
            <>
              {label("status", r.status, lang)} {r.overdue && <Tag color="red">{t("Overdue")}</Tag>}
            </>
          ),
        },
        { title: t("Submitted"), dataIndex: "submittedAt", render: (v: string) => when(v) },
        { title: t("Due"), dataIndex: "dueAt", render: (v: string) => when(v) },
      ]}
    />
  );
}

interface PersonFinding {
  id: string;
  mdtrtId: string;
  institution: string;
  rule: string;
  result: string;
  amount: string;
  caseId: string | null;
}

/** 违规线索 on the person's visits, newest first, each with its case when one was opened. */
function FindingsOf({ psnNo }: { psnNo: string }) {
  const t = useT();
  const lang = useLang();
  const { data, error } = useResource<PersonFinding[]>(
    `/supervision/findings?psnNo=${encodeURIComponent(psnNo)}`,
  );
  return (
    <Loaded error={error} ready={data !== null}>
      {() => (
        <Table<PersonFinding>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data!}
          scroll={{ x: true }}
          columns={[
            { title: "id", dataIndex: "id" },
            { title: t("Visit"), dataIndex: "mdtrtId" },
            {
              title: t("Institution"),
              dataIndex: "institution",
              render: (v: string) => <Link to={`/institutions/${v}`}>{v}</Link>,
            },
            { title: t("Rule"), dataIndex: "rule" },
            {
              title: t("Result"),
              dataIndex: "result",
              render: (v: string) => label("findingResult", v, lang),
            },
            {
              title: t("Amount"),
              dataIndex: "amount",
              align: "right",
              render: (v: string) => `¥ ${yuan(v)}`,
            },
            {
              title: t("Case"),
              dataIndex: "caseId",
              render: (v: string | null) => (v ? <Link to={`/supervision/cases/${v}`}>{v}</Link> : "—"),
            },
          ]}
        />
      )}
    </Loaded>
  );
}

type Action = "status" | "transfer" | "newborn" | null;
/** The agency's changes to a person: an enrolment's status, a transfer, a newborn. */
function PersonActions({ person, onDone }: { person: PersonDetail; onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [open, setOpen] = useState<Action>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const live = person.enrolments.find((e) => e.status !== "terminated");
  const submit = async (v: Record<string, string>) => {
    try {
      if (open === "status")
        await api(
          `/enrolments/${live!.id}/status`,
          post({ status: v.status, effectiveDate: v.date, reason: v.reason }),
        );
      if (open === "transfer")
        await api(`/persons/${person.psn_no}/transfer`, post({ toRegion: v.region, date: v.date }));
      if (open === "newborn")
        await api(
          `/persons/${person.psn_no}/newborns`,
          post({ certno: v.certno, name: v.name, startDate: v.date }),
        );
      setOpen(null);
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? errorText(e) : String(e));
    }
  };
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Button disabled={!live} onClick={() => setOpen("status")}>
        变更参保状态 / change status
      </Button>{" "}
      <Button disabled={!live} onClick={() => setOpen("transfer")}>
        转移接续 / transfer
      </Button>{" "}
      <Button onClick={() => setOpen("newborn")}>新生儿登记 / register a newborn</Button>
      <Modal open={open !== null} onCancel={() => setOpen(null)} onOk={() => form.submit()} destroyOnHidden>
        {error && <Alert type="error" title={error} />}
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          {open === "status" && (
            <Form.Item name="status" label={t("Status")} rules={[{ required: true }]}>
              <Select options={["active", "suspended", "terminated"].map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          )}
          {open === "transfer" && (
            <Form.Item name="region" label={t("Region")} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
              <Input />
            </Form.Item>
          )}
          {open === "newborn" && (
            <>
              <Form.Item name="certno" label={t("ID number")} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="name" label={t("Name")} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="date"
            label="yyyy-MM-dd"
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
          >
            <Input />
          </Form.Item>
          {open === "status" && (
            <Form.Item name="reason" label={t("Reason")}>
              <Input />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
