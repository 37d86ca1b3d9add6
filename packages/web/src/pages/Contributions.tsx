import type { ContributionParamsText } from "@yibao/core/contribution";
import { yuanToFen } from "@yibao/core/money";
import { beijingDay } from "@yibao/core/time";
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from "antd";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { ApiError, api, getRole } from "../api.ts";
import { when, yuan } from "../format.ts";
import { useErrorText, useT } from "../i18n.ts";
import { Link, navigate, useLocation } from "../router.ts";
import { Loaded, showOnField, useResource } from "./common.tsx";
import { PagedTable } from "./PagedTable.tsx";

/**
 * 征缴管理: a region's contribution parameters of a year (agency operators set and edit them),
 * assessments (核定) run for a month or a year, payments recorded against them and reversed, and
 * the arrears (欠费). Amounts come and go as yuan strings; the client compares them in fen
 * (bigint), never as floats. The tab and the region are in the URL (?tab=&region=).
 */

interface Region {
  code: string;
  name: string;
  level: string;
}
/** A region and year's contribution parameters as the API answers them (core formats them). */
type Params = ContributionParamsText;
interface Assessment {
  assessmentId: string;
  kind: string;
  period: string;
  regionCode: string;
  psnNo: string;
  employerUscc: string | null;
  employerName: string | null;
  base: string;
  employerAmount: string;
  individualAmount: string;
  assistanceAmount: string;
  total: string;
  accountCredit: string;
  paid: string;
  owed: string;
}
interface Payment {
  paymentId: string;
  assessmentId: string;
  kind: string;
  period: string;
  psnNo: string;
  employerUscc: string | null;
  amount: string;
  channel: string;
  reference: string | null;
  paidOn: string;
  reverses: string | null;
  reversedBy: string | null;
  operator: string | null;
  createdAt: string;
}
interface Arrear {
  assessmentId: string;
  kind: string;
  period: string;
  psn_no: string;
  employerUscc: string | null;
  employerName: string | null;
  total: string;
  owed: string;
  monthsOverdue: number;
}
/** What a payment is recorded against: an assessment and what it still owes. */
interface Due {
  assessmentId: string;
  psnNo: string;
  period: string;
  owed: string;
}

const CHANNELS = ["counter", "bank", "tax", "wechat", "alipay"];

/** A text with {name} places filled. */
const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));

/** "0.0850" (a ratio with 4 decimals, as the API writes it) as "8.50%", without a float. */
export function percent(ratio: string): string {
  const m = /^(\d+)\.(\d{4})$/.exec(ratio);
  if (!m) return ratio;
  const n = BigInt(m[1]! + m[2]!); // scale 4 = percent with 2 decimals
  return `${n / 100n}.${String(n % 100n).padStart(2, "0")}%`;
}

const isYuan = (v: string) => /^\d{1,12}(\.\d{1,2})?$/.test(v);

/** A random Idempotency-Key for one movement of money (a retry of the same dialog sends the same). */
function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const mayWrite = () => {
  const role = getRole();
  return role === "agency" || role === "admin";
};

export function ContributionsPage() {
  const t = useT();
  const { query } = useLocation();
  const tab = query.get("tab") ?? "params";
  const [regions, setRegions] = useState<Region[]>([]);
  useEffect(() => {
    api<Region[]>("/regions").then(setRegions, () => setRegions([]));
  }, []);
  // the region of the URL, else the first county (enrolments are per county), else the first
  const region =
    query.get("region") ?? (regions.find((r) => r.level === "county") ?? regions[0])?.code ?? null;
  const level = regions.find((r) => r.code === region)?.level;
  const go = (next: { tab?: string; region?: string }) => {
    const q = new URLSearchParams(location.search);
    if (next.tab) q.set("tab", next.tab);
    if (next.region) q.set("region", next.region);
    navigate(`/contributions?${q}`);
  };
  // lists of a county are the county's; a city's or the province's are all the operator may see
  const listRegion = level === "county" ? region : null;
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <span>{t("Region")}</span>
        <Select
          id="contrib-region"
          style={{ width: 220 }}
          value={region ?? undefined}
          options={regions.map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }))}
          onChange={(v: string) => go({ region: v })}
        />
      </Space>
      {region && (
        <Tabs
          activeKey={tab}
          onChange={(k) => go({ tab: k })}
          items={[
            {
              key: "params",
              label: t("Contribution parameters"),
              children: <ParamsTab key={region} region={region} />,
            },
            {
              key: "assessments",
              label: t("Assessments"),
              children: (
                <AssessmentsTab region={region} listRegion={listRegion} version={version} onPaid={changed} />
              ),
            },
            {
              key: "payments",
              label: t("Payments received"),
              children: <PaymentsTab listRegion={listRegion} version={version} onReversed={changed} />,
            },
            {
              key: "arrears",
              label: t("Arrears"),
              children: <ArrearsTab listRegion={listRegion} version={version} onPaid={changed} />,
            },
          ]}
        />
      )}
    </>
  );
}

// ---- parameters ----

function ParamsTab({ region }: { region: string }) {
  const t = useT();
  const errorText = useErrorText();
  const thisYear = Number(beijingDay(new Date()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<{ year: number; from: Params | null } | null>(null);
  const [data, setData] = useState<Params | null>(null);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` asks for a reload
  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    api<Params>(`/contributions/params/${region}/${year}`).then(
      (d) => live && setData(d),
      (e) => live && setError({ code: (e as ApiError).code, text: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [region, year, version, errorText]);
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2];
  const write = mayWrite();
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <span>{t("Year")}</span>
        <Select
          id="params-year"
          style={{ width: 110 }}
          value={year}
          options={years.map((y) => ({ value: y, label: String(y) }))}
          onChange={(v: number) => setYear(v)}
        />
        {write && data && (
          <>
            <Button id="params-edit" onClick={() => setEditing({ year, from: data })}>
              {t("Edit")}
            </Button>
            <Button id="params-next" onClick={() => setEditing({ year: year + 1, from: data })}>
              {t("Set next year")} ({year + 1})
            </Button>
          </>
        )}
        {write && error?.code === "CONTRIB_PARAMS_MISSING" && (
          <Button id="params-set" type="primary" onClick={() => setEditing({ year, from: null })}>
            {t("Set the parameters")}
          </Button>
        )}
      </Space>
      {error && error.code !== "CONTRIB_PARAMS_MISSING" && <Alert type="error" title={error.text} />}
      {error?.code === "CONTRIB_PARAMS_MISSING" && (
        <Alert type="info" title={t("No parameters for this region and year")} />
      )}
      {data && <ParamsInWords params={data} />}
      {editing && (
        <ParamsForm
          region={region}
          year={editing.year}
          from={editing.from}
          onClose={() => setEditing(null)}
          onSaved={(y) => {
            setEditing(null);
            setYear(y);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </>
  );
}

/** The parameters in words: what an employee, a retiree and a resident pay and get. */
function ParamsInWords({ params: p }: { params: Params }) {
  const t = useT();
  const money = (v: string) => `¥ ${yuan(v)}`;
  const items: [string, string][] = [
    [t("Average monthly wage"), money(p.averageMonthlyWage)],
    [
      t("Contribution base"),
      fill(t("{floor} – {ceiling} of the average wage"), {
        floor: percent(p.baseFloorRatio),
        ceiling: percent(p.baseCeilingRatio),
      }),
    ],
    [t("Employer rate"), percent(p.employerRate)],
    [t("Individual rate"), percent(p.individualRate)],
    [t("Employer share to the account"), percent(p.employerShareToAccount)],
    [t("Retiree monthly credit"), money(p.retireeMonthlyCredit)],
    [t("Resident premium (a year)"), money(p.residentAnnualPremium)],
    [t("Government subsidy (per head, a year)"), money(p.residentGovernmentSubsidy)],
    [
      t("Assistance pays of the resident premium"),
      `${t("Extremely poor (tk)")} ${percent(p.assistanceSubsidy.tk)} · ${t("Subsistence allowance (db)")} ${percent(p.assistanceSubsidy.db)} · ${t("Low income (jc)")} ${percent(p.assistanceSubsidy.jc)}`,
    ],
    [t("Waiting period (days)"), `${p.waitingDays} ${t("days")}`],
  ];
  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">
        {t("An employee pays on a base between the floor and the ceiling")}
      </Typography.Paragraph>
      <Descriptions
        id="params-words"
        size="small"
        column={{ xs: 1, md: 2 }}
        items={items.map(([label, children], i) => ({ key: String(i), label, children }))}
      />
    </Card>
  );
}

/** The fields of the parameters document, by its path (the server names them in details.field). */
const PARAM_FIELDS: [string, string][] = [
  ["averageMonthlyWage", "Average monthly wage"],
  ["baseFloorRatio", "Base floor (ratio)"],
  ["baseCeilingRatio", "Base ceiling (ratio)"],
  ["employerRate", "Employer rate"],
  ["individualRate", "Individual rate"],
  ["employerShareToAccount", "Employer share to the account"],
  ["retireeMonthlyCredit", "Retiree monthly credit"],
  ["residentAnnualPremium", "Resident premium (a year)"],
  ["residentGovernmentSubsidy", "Government subsidy (per head, a year)"],
  ["assistanceSubsidy.tk", "Extremely poor (tk)"],
  ["assistanceSubsidy.db", "Subsistence allowance (db)"],
  ["assistanceSubsidy.jc", "Low income (jc)"],
  ["waitingDays", "Waiting period (days)"],
];

function ParamsForm(props: {
  region: string;
  year: number;
  from: Params | null;
  onClose: () => void;
  onSaved: (year: number) => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const save = async (v: Record<string, unknown>) => {
    setError(null);
    // a count of days as a number; anything else as typed, for the server to refuse on its field
    const days = String(v.waitingDays ?? "").trim();
    const body = { ...v, waitingDays: /^\d{1,3}$/.test(days) ? Number(days) : days };
    try {
      await api(`/contributions/params/${props.region}/${props.year}`, {
        method: "PUT",
        body: JSON.stringify(body),
      });
      props.onSaved(props.year);
    } catch (e) {
      const fields = PARAM_FIELDS.map(([f]) => f);
      if (!showOnField(form, e, errorText, fields)) setError(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={`${t("Set the parameters")} · ${props.region} · ${props.year}`}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t("Save")}
      cancelText={t("Cancel")}
      okButtonProps={{ id: "params-save" }}
      width={720}
      destroyOnHidden
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">
        {t("Ratios with up to 4 decimals: 0.0850 is 8.5%")}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={
          props.from ?? { baseFloorRatio: "0.6000", baseCeilingRatio: "3.0000", waitingDays: "90" }
        }
      >
        <Space wrap align="start">
          {PARAM_FIELDS.map(([field, label]) => (
            <Form.Item key={field} name={field.split(".")} label={t(label)} rules={[{ required: true }]}>
              <Input id={`params-${field.replace(".", "-")}`} style={{ width: 200 }} />
            </Form.Item>
          ))}
        </Space>
      </Form>
    </Modal>
  );
}

// ---- assessments ----

function AssessmentsTab(props: {
  region: string;
  listRegion: string | null;
  version: number;
  onPaid: () => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const write = mayWrite();
  const [kind, setKind] = useState<"employees" | "residents">("employees");
  const [form] = Form.useForm();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ period: string; assessed: number; created: number } | null>(null);
  const [filter, setFilter] = useState<Record<string, string>>({});
  const [paying, setPaying] = useState<Due | null>(null);
  const run = async (v: Record<string, string>) => {
    setError(null);
    setResult(null);
    setRunning(true);
    try {
      const body =
        kind === "employees"
          ? { regionCode: props.region, period: v.period, employerUscc: v.employerUscc || undefined }
          : { regionCode: props.region, year: Number(v.year) };
      const r = await api<{ period: string; assessed: number; created: number }>(
        `/contributions/assessments/${kind}`,
        { method: "POST", body: JSON.stringify(body) },
      );
      setResult(r);
      // the list shows what was just assessed
      setFilter({ period: r.period, ...(v.employerUscc ? { employerUscc: v.employerUscc } : {}) });
      props.onPaid();
    } catch (e) {
      if (!showOnField(form, e, errorText, ["period", "employerUscc", "year"])) setError(errorText(e));
    } finally {
      setRunning(false);
    }
  };
  const query = useMemo(() => {
    const q = new URLSearchParams();
    if (props.listRegion) q.set("regionCode", props.listRegion);
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return q.toString();
  }, [filter, props.listRegion]);
  return (
    <>
      {write && (
        <Card size="small" title={t("Run an assessment")} style={{ marginBottom: 16 }}>
          {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
          {result && (
            <Alert
              type="success"
              style={{ marginBottom: 12 }}
              title={
                <span id="assess-result">
                  {fill(t("Assessed {n}, new {c} (period {p})"), {
                    n: result.assessed,
                    c: result.created,
                    p: result.period,
                  })}
                </span>
              }
            />
          )}
          <Radio.Group
            id="assess-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            style={{ marginBottom: 12 }}
            options={[
              { value: "employees", label: t("Employees (a month)") },
              { value: "residents", label: t("Residents (a year)") },
            ]}
          />
          <Form form={form} layout="inline" onFinish={run}>
            {kind === "employees" ? (
              <>
                <Form.Item
                  name="period"
                  label={t("Period")}
                  rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: "yyyy-MM" }]}
                >
                  <Input id="assess-period" placeholder="yyyy-MM" style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name="employerUscc" label={t("Employer (USCC, optional)")}>
                  <Input id="assess-employer" style={{ width: 220 }} />
                </Form.Item>
              </>
            ) : (
              <Form.Item name="year" label={t("Year")} rules={[{ required: true, pattern: /^\d{4}$/ }]}>
                <Input id="assess-year" placeholder="yyyy" style={{ width: 100 }} />
              </Form.Item>
            )}
            <Button id="assess-run" type="primary" htmlType="submit" loading={running}>
              {t("Run")}
            </Button>
          </Form>
        </Card>
      )}
      <ListFilter
        fields={[
          ["employerUscc", "Employer", "assessments-employer"],
          ["psnNo", "Person number", "assessments-psn"],
          ["period", "Period", "assessments-period"],
        ]}
        value={filter}
        onChange={setFilter}
        extra={
          <Select
            id="assessments-status"
            style={{ width: 120 }}
            value={filter.status ?? ""}
            options={[
              { value: "", label: t("All") },
              { value: "unpaid", label: t("Unpaid") },
              { value: "paid", label: t("Paid in full") },
            ]}
            onChange={(v: string) => setFilter({ ...filter, status: v })}
          />
        }
      />
      <PagedTable<Assessment>
        key={`${query}#${props.version}`}
        path={`/contributions/assessments?${query}`}
        rowKey="assessmentId"
        columns={[
          { title: "ID", dataIndex: "assessmentId" },
          { title: t("Period"), dataIndex: "period" },
          { title: t("Kind"), dataIndex: "kind", render: (v: string) => t(v) },
          {
            title: t("Person number"),
            dataIndex: "psnNo",
            render: (v: string) => <Link to={`/persons/${v}`}>{v}</Link>,
          },
          {
            title: t("Employer"),
            dataIndex: "employerUscc",
            render: (v: string | null, r) =>
              v ? <Link to={`/employers/${v}`}>{r.employerName ?? v}</Link> : "",
          },
          { title: t("Base"), dataIndex: "base", render: yuan },
          { title: t("Employer part"), dataIndex: "employerAmount", render: yuan },
          { title: t("Individual part"), dataIndex: "individualAmount", render: yuan },
          { title: t("Paid by assistance"), dataIndex: "assistanceAmount", render: yuan },
          { title: t("Total"), dataIndex: "total", render: yuan },
          { title: t("Paid"), dataIndex: "paid", render: yuan },
          { title: t("Owed"), dataIndex: "owed", render: (v: string) => <span data-owed>{yuan(v)}</span> },
          ...(write
            ? [
                {
                  title: t("Action"),
                  key: "pay",
                  render: (_: unknown, r: Assessment) =>
                    yuanToFen(r.owed) > 0n ? (
                      <Button size="small" className="assessment-pay" onClick={() => setPaying(r)}>
                        {t("Record payment")}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {paying && <PayDialog due={paying} onClose={() => setPaying(null)} onPaid={props.onPaid} />}
    </>
  );
}

/** Text filters of a list, applied on "Filter" (or Enter). */
function ListFilter(props: {
  fields: [name: string, label: string, id: string][];
  value: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
  extra?: ReactNode;
}) {
  const t = useT();
  const [draft, setDraft] = useState(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const apply = () => props.onChange({ ...props.value, ...draft });
  return (
    <Space style={{ marginBottom: 12 }} wrap>
      {props.fields.map(([name, label, id]) => (
        <Input
          key={name}
          id={id}
          placeholder={t(label)}
          style={{ width: 190 }}
          value={draft[name] ?? ""}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value.trim() })}
          onPressEnter={apply}
        />
      ))}
      {props.extra}
      <Button id={`${props.fields[0]![2]}-apply`} onClick={apply}>
        {t("Filter")}
      </Button>
    </Space>
  );
}

/**
 * Records a payment against an assessment: the amount typed in yuan, refused here when it is not
 * an amount or more than is owed (compared in fen), and the server's refusal shown on its field.
 */
function PayDialog({ due, onClose, onPaid }: { due: Due; onClose: () => void; onPaid: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // one key for this dialog: pressing OK again after a timeout does not pay twice
  const [key] = useState(newKey);
  const submit = async (v: Record<string, string>) => {
    setError(null);
    setBusy(true);
    try {
      const r = await api<{ paymentId: string; amount: string; owed: string }>("/contributions/payments", {
        method: "POST",
        headers: { "idempotency-key": key },
        body: JSON.stringify({
          assessmentId: due.assessmentId,
          amount: v.amount,
          channel: v.channel,
          reference: v.reference || undefined,
          paidOn: v.paidOn,
        }),
      });
      setDone(fill(t("Payment recorded: {amount} yuan, {owed} yuan still owed"), r));
      onPaid();
    } catch (e) {
      const text =
        e instanceof ApiError && e.code === "CONTRIB_OVERPAYMENT" && typeof e.details.owed === "string"
          ? `${errorText(e)}: ${fill(t("At most {owed} yuan is owed"), { owed: e.details.owed })}`
          : errorText(e);
      if (!showOnField(form, e, () => text, ["amount", "paidOn", "reference", "channel"])) setError(text);
    } finally {
      setBusy(false);
    }
  };
  const notAboveOwed = (_: unknown, v: string) => {
    if (!v || !isYuan(v) || yuanToFen(v) <= 0n)
      return Promise.reject(new Error(t("An amount in yuan, up to 2 decimals, above zero")));
    if (yuanToFen(v) > yuanToFen(due.owed))
      return Promise.reject(new Error(fill(t("At most {owed} yuan is owed"), { owed: due.owed })));
    return Promise.resolve();
  };
  return (
    <Modal
      open
      title={`${t("Payment of assessment")} ${due.assessmentId}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("Record payment")}
      cancelText={t("Cancel")}
      okButtonProps={{ id: "pay-submit", loading: busy }}
      footer={
        done
          ? [
              <Button key="close" id="pay-close" onClick={onClose}>
                {t("Close")}
              </Button>,
            ]
          : undefined
      }
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: "p", label: t("Person number"), children: due.psnNo },
          { key: "d", label: t("Period"), children: due.period },
          { key: "o", label: t("Owed"), children: <span id="pay-owed">¥ {yuan(due.owed)}</span> },
        ]}
      />
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      {done && <Alert id="pay-done" type="success" title={done} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ amount: due.owed, channel: "counter", paidOn: beijingDay(new Date()) }}
      >
        <Form.Item name="amount" label={t("Amount (yuan)")} rules={[{ validator: notAboveOwed }]}>
          <Input id="pay-amount" inputMode="decimal" />
        </Form.Item>
        <Form.Item name="channel" label={t("Channel")} rules={[{ required: true }]}>
          <Select id="pay-channel" options={CHANNELS.map((c) => ({ value: c, label: t(c) }))} />
        </Form.Item>
        <Form.Item name="reference" label={t("Reference")}>
          <Input id="pay-reference" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="paidOn"
          label={t("Paid on")}
          rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: "yyyy-MM-dd" }]}
        >
          <Input id="pay-date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- payments ----

function PaymentsTab(props: { listRegion: string | null; version: number; onReversed: () => void }) {
  const t = useT();
  const write = mayWrite();
  const [filter, setFilter] = useState<Record<string, string>>({});
  const [reversing, setReversing] = useState<Payment | null>(null);
  const query = useMemo(() => {
    const q = new URLSearchParams();
    if (props.listRegion) q.set("regionCode", props.listRegion);
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return q.toString();
  }, [filter, props.listRegion]);
  return (
    <>
      <ListFilter
        fields={[
          ["psnNo", "Person number", "payments-psn"],
          ["employerUscc", "Employer", "payments-employer"],
          ["assessmentId", "Assessments", "payments-assessment"],
        ]}
        value={filter}
        onChange={setFilter}
      />
      <PagedTable<Payment>
        key={`${query}#${props.version}`}
        path={`/contributions/payments?${query}`}
        rowKey="paymentId"
        columns={[
          { title: "ID", dataIndex: "paymentId" },
          { title: t("Assessments"), dataIndex: "assessmentId" },
          { title: t("Period"), dataIndex: "period" },
          {
            title: t("Person number"),
            dataIndex: "psnNo",
            render: (v: string) => <Link to={`/persons/${v}`}>{v}</Link>,
          },
          { title: t("Amount"), dataIndex: "amount", render: (v: string) => `¥ ${yuan(v)}` },
          { title: t("Channel"), dataIndex: "channel", render: (v: string) => t(v) },
          { title: t("Reference"), dataIndex: "reference" },
          { title: t("Paid on"), dataIndex: "paidOn" },
          { title: t("Operator"), dataIndex: "operator" },
          { title: t("Recorded"), dataIndex: "createdAt", render: when },
          {
            title: t("Status"),
            key: "status",
            render: (_: unknown, r: Payment) =>
              r.reverses ? (
                <Tag>
                  {t("reversal")} #{r.reverses}
                </Tag>
              ) : r.reversedBy ? (
                <Tag color="orange">
                  {t("reversed")} #{r.reversedBy}
                </Tag>
              ) : null,
          },
          ...(write
            ? [
                {
                  title: t("Action"),
                  key: "reverse",
                  render: (_: unknown, r: Payment) =>
                    !r.reverses && !r.reversedBy ? (
                      <Button size="small" danger className="payment-reverse" onClick={() => setReversing(r)}>
                        {t("Reverse")}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {reversing && (
        <ReverseDialog
          payment={reversing}
          onClose={() => setReversing(null)}
          onDone={() => {
            setReversing(null);
            props.onReversed();
          }}
        />
      )}
    </>
  );
}

/** Reverses a payment (冲正) with a reason, after the operator confirms what it undoes. */
function ReverseDialog(props: { payment: Payment; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const p = props.payment;
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newKey);
  const reverse = async () => {
    setError(null);
    setBusy(true);
    try {
      await api(`/contributions/payments/${p.paymentId}/reverse`, {
        method: "POST",
        headers: { "idempotency-key": key },
        body: JSON.stringify({ reason: reason.trim() }),
      });
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t("Reverse payment")}
      onCancel={props.onClose}
      onOk={reverse}
      okText={t("Reverse")}
      cancelText={t("Cancel")}
      okButtonProps={{
        id: "payment-reverse-ok",
        danger: true,
        loading: busy,
        disabled: reason.trim() === "",
      }}
      destroyOnHidden
    >
      <Typography.Paragraph id="payment-reverse-confirm">
        {fill(
          t(
            "Reverse the payment of {amount} yuan (person {psn}, period {period})? The assessment is owed again.",
          ),
          { amount: yuan(p.amount), psn: p.psnNo, period: p.period },
        )}
      </Typography.Paragraph>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Input.TextArea
        id="payment-reverse-reason"
        placeholder={t("Reason (required)")}
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}

// ---- arrears ----

function ArrearsTab(props: { listRegion: string | null; version: number; onPaid: () => void }) {
  const [filter, setFilter] = useState<Record<string, string>>({});
  const query = useMemo(() => {
    const q = new URLSearchParams();
    if (props.listRegion) q.set("regionCode", props.listRegion);
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return q.toString();
  }, [filter, props.listRegion]);
  return (
    <>
      <ListFilter
        fields={[
          ["employerUscc", "Employer", "arrears-employer"],
          ["minMonthsOverdue", "Months overdue (at least)", "arrears-months"],
        ]}
        value={filter}
        onChange={setFilter}
      />
      <ArrearsTable query={query} version={props.version} onPaid={props.onPaid} />
    </>
  );
}

/** The arrears the query finds, their count and sum owed, each payable here by agency operators. */
export function ArrearsTable(props: { query: string; version: number; onPaid?: () => void }) {
  const t = useT();
  const write = mayWrite() && props.onPaid !== undefined;
  const [paying, setPaying] = useState<Due | null>(null);
  const path = `/contributions/arrears?${props.query}`;
  const totals = useResource<{ totals: { count: number; owed: string } }>(
    `${path}${props.query ? "&" : ""}limit=1`,
    props.version,
  );
  return (
    <>
      <Loaded error={totals.error} ready={totals.data !== null}>
        {() => (
          <Typography.Paragraph id="arrears-totals" strong>
            {fill(t("{count} assessments owe {owed} yuan in all"), {
              count: totals.data!.totals.count,
              owed: yuan(totals.data!.totals.owed),
            })}
          </Typography.Paragraph>
        )}
      </Loaded>
      <PagedTable<Arrear>
        key={`${path}#${props.version}`}
        path={path}
        rowKey="assessmentId"
        columns={[
          { title: "ID", dataIndex: "assessmentId" },
          { title: t("Period"), dataIndex: "period" },
          { title: t("Kind"), dataIndex: "kind", render: (v: string) => t(v) },
          {
            title: t("Person number"),
            dataIndex: "psn_no",
            render: (v: string) => <Link to={`/persons/${v}`}>{v}</Link>,
          },
          {
            title: t("Employer"),
            dataIndex: "employerUscc",
            render: (v: string | null, r) =>
              v ? <Link to={`/employers/${v}`}>{r.employerName ?? v}</Link> : "",
          },
          { title: t("Months overdue"), dataIndex: "monthsOverdue" },
          { title: t("Total"), dataIndex: "total", render: yuan },
          { title: t("Owed"), dataIndex: "owed", render: yuan },
          ...(write
            ? [
                {
                  title: t("Action"),
                  key: "pay",
                  render: (_: unknown, r: Arrear) => (
                    <Button
                      size="small"
                      className="arrear-pay"
                      onClick={() =>
                        setPaying({
                          assessmentId: r.assessmentId,
                          psnNo: r.psn_no,
                          period: r.period,
                          owed: r.owed,
                        })
                      }
                    >
                      {t("Record payment")}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {paying && <PayDialog due={paying} onClose={() => setPaying(null)} onPaid={() => props.onPaid?.()} />}
    </>
  );
}
