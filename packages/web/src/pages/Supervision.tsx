import type { TableColumnsType } from "antd";
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from "antd";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { api, getRole, post } from "../api.ts";
import { when, yuan } from "../format.ts";
import { useErrorText, useLang, useT } from "../i18n.ts";
import { label } from "../labels.ts";
import { Link, navigate, useLocation } from "../router.ts";
import { Facts, Loaded, useResource } from "./common.tsx";
import { PagedTable } from "./PagedTable.tsx";
import { CreditHistory } from "./CreditPeople.tsx";

/**
 * Fund supervision (基金监管): findings, the case queue and a case from finding to decision, the
 * knowledge-base versions with their test bench, batch audit jobs, early warnings for assistance
 * recipients and institutions' credit. Amounts are the API's yuan strings, shown as they are.
 */

interface RuleInfo {
  key: string;
  code: string;
  name: string;
  family: string;
  result: string;
  contract: boolean;
  params: string[];
}

/** The rule catalogue (codes and names), loaded once per page. */
function useRules() {
  const { data } = useResource<RuleInfo[]>("/supervision/rule-catalog");
  return useMemo(() => new Map((data ?? []).map((r) => [r.key, r])), [data]);
}

const isRole = (...roles: string[]) => roles.includes(getRole() ?? "") || getRole() === "admin";
const MONEY = /^\d{1,15}(\.\d{1,2})?$/;
const money = (v: string | null | undefined) => (v === null || v === undefined ? "" : `¥ ${yuan(v)}`);

/** A refusal or a success note above a form. */
function Note({ error, ok }: { error: string | null; ok?: ReactNode }) {
  if (error) return <Alert type="error" title={error} style={{ marginBottom: 8 }} />;
  if (ok) return <Alert type="success" title={ok} style={{ marginBottom: 8 }} />;
  return null;
}

function ResultTag({ v }: { v: string }) {
  const lang = useLang();
  return <Tag color={v === "definite" ? "red" : "orange"}>{label("findingResult", v, lang)}</Tag>;
}

// ---------------------------------------------------------------- findings

interface FindingRow {
  id: string;
  jobId: string | null;
  stage: string;
  settleAction: string | null;
  mdtrtId: string;
  institution: string;
  rule: string;
  ruleCode: string;
  ruleName: string | null;
  family: string;
  result: string;
  severity: string;
  lines: string[];
  amount: string;
  evidence: string;
  createdAt: string;
  caseId: string | null;
  caseNo: string | null;
  caseStatus: string | null;
}

function findingColumns(
  t: (k: string) => string,
  lang: "zh" | "en",
  openCase?: (f: FindingRow) => void,
): TableColumnsType<FindingRow> {
  return [
    { title: "id", dataIndex: "id" },
    {
      title: t("Rule"),
      key: "rule",
      render: (_: unknown, f) => `${f.ruleCode} ${f.ruleName ?? f.rule}`,
    },
    { title: t("Result type"), dataIndex: "result", render: (v: string) => <ResultTag v={v} /> },
    { title: t("Severity"), dataIndex: "severity", render: (v: string) => label("severity", v, lang) },
    { title: t("Stage"), dataIndex: "stage", render: (v: string) => label("stage", v, lang) },
    { title: t("Institution"), dataIndex: "institution" },
    { title: t("Visit"), dataIndex: "mdtrtId" },
    { title: t("Cited lines"), dataIndex: "lines", render: (v: string[]) => v.join(", ") },
    { title: t("Amount at issue"), dataIndex: "amount", align: "right", render: money },
    { title: t("Reasoning"), dataIndex: "evidence" },
    {
      title: t("Case"),
      key: "case",
      render: (_: unknown, f) =>
        f.caseId ? (
          <Link to={`/supervision/cases/${f.caseId}`}>{f.caseNo ?? f.caseId}</Link>
        ) : openCase && f.jobId !== null ? (
          <Button size="small" className="open-case" onClick={() => openCase(f)}>
            {t("Open a case")}
          </Button>
        ) : null,
    },
  ];
}

/** 违规线索: the findings of audit jobs and of settlement, filtered on the server, page by page. */
export function FindingsPage() {
  const t = useT();
  const lang = useLang();
  const errorText = useErrorText();
  const rules = useRules();
  const { query } = useLocation();
  const [rule, setRule] = useState<string | undefined>(undefined);
  const [institution, setInstitution] = useState("");
  const [severity, setSeverity] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<string | undefined>(undefined);
  const [inCase, setInCase] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const jobId = query.get("jobId");
  const params = new URLSearchParams();
  if (jobId) params.set("jobId", jobId);
  if (rule) params.set("rule", rule);
  if (institution.trim()) params.set("institution", institution.trim());
  if (severity) params.set("severity", severity);
  if (result) params.set("result", result);
  if (inCase) params.set("inCase", inCase);
  const path = `/supervision/findings/paged?${params}`;
  const openCase = async (f: FindingRow) => {
    try {
      const c = await api<{ id: string }>(
        "/supervision/cases",
        post({ findingIds: [f.id], summary: `${f.ruleCode} ${f.ruleName ?? f.rule}` }),
      );
      navigate(`/supervision/cases/${c.id}`);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        {jobId && (
          <Tag closable onClose={() => navigate("/supervision/findings")}>{`${t("Job")} ${jobId}`}</Tag>
        )}
        <Select
          id="finding-rule"
          allowClear
          showSearch
          placeholder={t("Rule")}
          style={{ width: 260 }}
          value={rule}
          onChange={setRule}
          optionFilterProp="label"
          options={[...rules.values()].map((r) => ({ value: r.key, label: `${r.code} ${r.name}` }))}
        />
        <Input
          placeholder={t("Institution code")}
          style={{ width: 180 }}
          value={institution}
          onChange={(e) => setInstitution(e.target.value)}
        />
        <Select
          allowClear
          placeholder={t("Severity")}
          style={{ width: 110 }}
          value={severity}
          onChange={setSeverity}
          options={["high", "medium", "low"].map((v) => ({ value: v, label: label("severity", v, lang) }))}
        />
        <Select
          allowClear
          placeholder={t("Result type")}
          style={{ width: 140 }}
          value={result}
          onChange={setResult}
          options={["definite", "suspicious"].map((v) => ({
            value: v,
            label: label("findingResult", v, lang),
          }))}
        />
        <Select
          allowClear
          placeholder={t("Case")}
          style={{ width: 140 }}
          value={inCase}
          onChange={setInCase}
          options={[
            { value: "false", label: t("Not in a case") },
            { value: "true", label: t("In a case") },
          ]}
        />
      </Space>
      <Note error={error} />
      <PagedTable<FindingRow>
        key={path}
        path={path}
        rowKey="id"
        columns={findingColumns(t, lang, openCase)}
      />
    </Space>
  );
}

// ---------------------------------------------------------------- cases

interface CaseRow {
  id: string;
  caseNo: string;
  source: string;
  institution: string;
  summary: string;
  amountAtIssue: string;
  status: string;
  assignedTo: string | null;
  deduction: string | null;
  deductedYear: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

const CASE_STATUSES = ["open", "reviewed", "answered", "deducted", "dismissed"];

/** 案件: the queue by status, the auditor's own ("mine"), and the intake of a whistle-blower report. */
export function SupervisionCasesPage() {
  const t = useT();
  const lang = useLang();
  const { query } = useLocation();
  const status = query.get("status") ?? "";
  const mine = query.get("mine") === "true";
  const staff = isRole("auditor", "supervisor");
  const move = (s: string, m: boolean) => {
    const q = new URLSearchParams();
    if (s) q.set("status", s);
    if (m) q.set("mine", "true");
    navigate(`/supervision/cases${q.size ? `?${q}` : ""}`);
  };
  const q = new URLSearchParams();
  if (status) q.set("status", status);
  if (mine) q.set("mine", "true");
  const { data, error } = useResource<CaseRow[]>(`/supervision/cases?${q}`);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Radio.Group
          value={status}
          optionType="button"
          onChange={(e) => move(e.target.value, mine)}
          options={[
            { value: "", label: t("All") },
            ...CASE_STATUSES.map((s) => ({ value: s, label: label("caseStatus", s, lang) })),
          ]}
        />
        {staff && (
          <span>
            {t("Assigned to me")} <Switch id="cases-mine" checked={mine} onChange={(v) => move(status, v)} />
          </span>
        )}
      </Space>
      <Loaded error={error} ready={data !== null}>
        {() => (
          <Table<CaseRow>
            rowKey="id"
            size="middle"
            dataSource={data!}
            pagination={{ pageSize: 50 }}
            scroll={{ x: "max-content" }}
            columns={[
              {
                title: t("Case number"),
                dataIndex: "caseNo",
                render: (v: string, c) => <Link to={`/supervision/cases/${c.id}`}>{v}</Link>,
              },
              {
                title: t("Source"),
                dataIndex: "source",
                render: (v: string) => label("caseSource", v, lang),
              },
              { title: t("Institution"), dataIndex: "institution" },
              { title: t("Summary"), dataIndex: "summary" },
              { title: t("Amount at issue"), dataIndex: "amountAtIssue", align: "right", render: money },
              {
                title: t("Status"),
                dataIndex: "status",
                render: (v: string) => <Tag>{label("caseStatus", v, lang)}</Tag>,
              },
              { title: t("Assigned to"), dataIndex: "assignedTo" },
              { title: t("Deduction"), dataIndex: "deduction", align: "right", render: money },
              { title: t("Updated"), dataIndex: "updatedAt", render: (v: string) => when(v) },
            ]}
          />
        )}
      </Loaded>
      {staff && (
        <Collapse
          items={[
            { key: "report", label: t("Register a whistle-blower report (举报)"), children: <ReportForm /> },
          ]}
        />
      )}
    </Space>
  );
}

/** 举报登记: a report about an institution opens a case (amount optional). */
function ReportForm() {
  const t = useT();
  const errorText = useErrorText();
  const [institutionCode, setInstitution] = useState("");
  const [summary, setSummary] = useState("");
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (amount && !MONEY.test(amount)) return setError(t("error.AMOUNT_INVALID"));
    try {
      const c = await api<{ id: string }>(
        "/supervision/reports",
        post({ institutionCode: institutionCode.trim(), summary, amount: amount || undefined }),
      );
      navigate(`/supervision/cases/${c.id}`);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: "100%", maxWidth: 640 }}>
      <Note error={error} />
      <Input
        id="report-institution"
        placeholder={t("Institution code")}
        value={institutionCode}
        onChange={(e) => setInstitution(e.target.value)}
      />
      <Input.TextArea
        id="report-summary"
        placeholder={t("What was reported")}
        rows={3}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
      />
      <Input
        id="report-amount"
        placeholder={t("Amount at issue (yuan, optional)")}
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
      />
      <Button id="report-submit" type="primary" onClick={submit} disabled={!institutionCode || !summary}>
        {t("Open the case")}
      </Button>
    </Space>
  );
}

interface CaseDetail {
  case: CaseRow;
  events: { action: string; by: string; role: string; note: string; amount: string | null; at: string }[];
  findings: {
    id: string;
    mdtrtId: string;
    rule: string;
    ruleCode: string;
    result: string;
    severity: string;
    amount: string;
    evidence: string;
    lines: {
      feedetlSn: string;
      code: string;
      name: string | null;
      price: string;
      quantity: string;
      amount: string;
      feeTime: string;
    }[];
  }[];
}

/** A case: its findings with the cited fee lines and the reasoning, its history, the next step. */
export function SupervisionCasePage({ id }: { id: string }) {
  const t = useT();
  const lang = useLang();
  const rules = useRules();
  const [version, setVersion] = useState(0);
  const { data, error } = useResource<CaseDetail>(`/supervision/cases/${id}`, version);
  const done = () => setVersion((v) => v + 1);
  return (
    <Loaded error={error} ready={data !== null}>
      {() => {
        const c = data!.case;
        return (
          <>
            <Facts
              title={`${c.caseNo} · ${c.summary}`}
              items={[
                [
                  t("Status"),
                  <Tag key="s" id="case-status">
                    {label("caseStatus", c.status, lang)}
                  </Tag>,
                ],
                [t("Source"), label("caseSource", c.source, lang)],
                [t("Institution"), c.institution],
                [t("Amount at issue"), money(c.amountAtIssue)],
                [t("Assigned to"), c.assignedTo ?? "—"],
                [
                  t("Deduction"),
                  c.deduction ? (
                    <span key="d" id="case-deduction">
                      {money(c.deduction)}
                    </span>
                  ) : (
                    "—"
                  ),
                ],
                ...(c.deductedYear
                  ? [[t("Deducted in the liquidation of"), String(c.deductedYear)] as [string, string]]
                  : []),
                [t("Opened"), `${when(c.createdAt)} ${c.createdBy}`],
              ]}
            />
            <CaseActions c={c} onDone={done} />
            {data!.findings.map((f) => (
              <Card
                key={f.id}
                size="small"
                style={{ marginBottom: 16 }}
                title={`${f.ruleCode} ${rules.get(f.rule)?.name ?? f.rule}`}
                extra={<ResultTag v={f.result} />}
              >
                <p>
                  {t("Visit")} {f.mdtrtId} · {t("Severity")} {label("severity", f.severity, lang)} ·{" "}
                  {t("Amount at issue")} {money(f.amount)}
                </p>
                <p className="finding-evidence">
                  {t("Reasoning")}: {f.evidence}
                </p>
                <Table
                  className="evidence-lines"
                  rowKey="feedetlSn"
                  size="small"
                  pagination={false}
                  scroll={{ x: "max-content" }}
                  dataSource={f.lines}
                  columns={[
                    {
                      title: t("Fee line (cited by the rule)"),
                      dataIndex: "feedetlSn",
                      render: (v: string) => <Tag color="red">{v}</Tag>,
                    },
                    { title: t("Item code"), dataIndex: "code" },
                    { title: t("Charged item"), dataIndex: "name" },
                    { title: t("Price"), dataIndex: "price", align: "right" },
                    { title: t("Quantity"), dataIndex: "quantity", align: "right" },
                    { title: t("Amount"), dataIndex: "amount", align: "right", render: money },
                    { title: t("Time"), dataIndex: "feeTime", render: (v: string) => when(v) },
                  ]}
                />
              </Card>
            ))}
            <Card size="small" title={t("History of the case")}>
              <Table
                id="case-history"
                rowKey={(e) => `${e.at}-${e.action}`}
                size="small"
                pagination={false}
                scroll={{ x: "max-content" }}
                dataSource={data!.events}
                columns={[
                  { title: t("Time"), dataIndex: "at", render: (v: string) => when(v) },
                  {
                    title: t("Step"),
                    dataIndex: "action",
                    render: (v: string) => label("caseAction", v, lang),
                  },
                  { title: t("Operator"), dataIndex: "by" },
                  { title: t("Role"), dataIndex: "role", render: (v: string) => label("role", v, lang) },
                  { title: t("Note"), dataIndex: "note" },
                  { title: t("Amount"), dataIndex: "amount", align: "right", render: money },
                ]}
              />
            </Card>
          </>
        );
      }}
    </Loaded>
  );
}

/** The step the caller's role may take on the case in its state (the server checks both again). */
function CaseActions({ c, onDone }: { c: CaseRow; onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const role = getRole();
  const [note, setNote] = useState("");
  const [assignedTo, setAssignedTo] = useState("");
  const [kind, setKind] = useState<"explanation" | "appeal">("explanation");
  const [outcome, setOutcome] = useState<"deduct" | "dismiss">("deduct");
  const [amount, setAmount] = useState(c.amountAtIssue === "0.00" ? "" : c.amountAtIssue);
  const [error, setError] = useState<string | null>(null);
  const act = async (path: string, body: unknown) => {
    try {
      await api(`/supervision/cases/${c.id}/${path}`, post(body));
      setError(null);
      setNote("");
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const noteBox = (
    <Input.TextArea
      id="case-note"
      rows={2}
      placeholder={t("Reason")}
      value={note}
      onChange={(e) => setNote(e.target.value)}
    />
  );
  let form: ReactNode = null;
  if (c.status === "open" && isRole("auditor", "supervisor"))
    form = (
      <>
        {noteBox}
        <Input
          id="case-assign"
          placeholder={t("Assign to (login, optional)")}
          value={assignedTo}
          onChange={(e) => setAssignedTo(e.target.value)}
        />
        <Button
          id="case-review"
          type="primary"
          disabled={!note}
          onClick={() => act("review", { note, assignedTo: assignedTo.trim() || undefined })}
        >
          {t("Reviewed: send to the institution")}
        </Button>
      </>
    );
  else if (c.status === "reviewed" && role === "institution")
    form = (
      <>
        <Radio.Group
          id="case-answer-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          options={[
            { value: "explanation", label: t("Explanation") },
            { value: "appeal", label: t("Appeal (申诉)") },
          ]}
        />
        {noteBox}
        <Button
          id="case-answer"
          type="primary"
          disabled={!note}
          onClick={() => act("answer", { kind, note })}
        >
          {t("Send the answer")}
        </Button>
      </>
    );
  if ((c.status === "reviewed" || c.status === "answered") && isRole("supervisor"))
    form = (
      <>
        {form}
        <Radio.Group
          id="case-outcome"
          value={outcome}
          onChange={(e) => setOutcome(e.target.value)}
          options={[
            { value: "deduct", label: t("Deduct") },
            { value: "dismiss", label: t("Dismiss") },
          ]}
        />
        {outcome === "deduct" && (
          <Input
            id="case-amount"
            addonBefore="¥"
            placeholder={t("Deduction (yuan)")}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        )}
        {form ? null : noteBox}
        <Button
          id="case-decide"
          type="primary"
          danger={outcome === "deduct"}
          onClick={() => {
            if (outcome === "deduct" && !MONEY.test(amount)) return setError(t("error.AMOUNT_INVALID"));
            return act("decide", outcome === "deduct" ? { outcome, amount, note } : { outcome, note });
          }}
        >
          {t("Decide")}
        </Button>
      </>
    );
  if (!form) return null;
  return (
    <Card size="small" title={t("Next step")} style={{ marginBottom: 16 }}>
      <Note error={error} />
      <Space orientation="vertical" style={{ width: "100%", maxWidth: 640 }}>
        {form}
      </Space>
    </Card>
  );
}

// ---------------------------------------------------------------- knowledge base

interface KbVersion {
  id: string;
  label: string;
  status: string;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

/** A version is in force from its publication until the next one's (the list is newest first). */
function validity(v: KbVersion, all: KbVersion[], t: (k: string) => string) {
  if (!v.publishedAt) return "—";
  const later = all
    .filter((o) => o.publishedAt && BigInt(o.id) > BigInt(v.id))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))[0];
  return `${when(v.publishedAt)} – ${later ? when(later.publishedAt) : t("now")}`;
}

const KB_FILES = [
  "items",
  "item_pairs",
  "dx_sex",
  "dx_age",
  "dx_support",
  "chronic_dx",
  "params",
  "rules",
  "stock",
];

/** 知识库: versions, their validity; a supervisor uploads a draft (the contract's CSV files). */
export function RulesPage() {
  const t = useT();
  const lang = useLang();
  const [version, setVersion] = useState(0);
  const { data, error } = useResource<KbVersion[]>("/supervision/kb-versions", version);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Loaded error={error} ready={data !== null}>
        {() => (
          <Table<KbVersion>
            rowKey="id"
            size="middle"
            pagination={false}
            scroll={{ x: "max-content" }}
            dataSource={data!}
            columns={[
              {
                title: t("Version"),
                dataIndex: "label",
                render: (v: string, r) => <Link to={`/supervision/rules/${r.id}`}>{`${r.id} · ${v}`}</Link>,
              },
              {
                title: t("Status"),
                dataIndex: "status",
                render: (v: string) => (
                  <Tag color={v === "published" ? "green" : v === "draft" ? "blue" : undefined}>
                    {label("kbStatus", v, lang)}
                  </Tag>
                ),
              },
              { title: t("Validity"), key: "validity", render: (_: unknown, r) => validity(r, data!, t) },
              {
                title: t("Uploaded"),
                key: "created",
                render: (_: unknown, r) => `${when(r.createdAt)} ${r.createdBy}`,
              },
              { title: t("Published by"), dataIndex: "publishedBy" },
            ]}
          />
        )}
      </Loaded>
      {isRole("supervisor") && <KbUpload onDone={() => setVersion((v) => v + 1)} />}
    </Space>
  );
}

function KbUpload({ onDone }: { onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [labelText, setLabel] = useState("");
  const [files, setFiles] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const pick = async (list: FileList | null) => {
    const read: Record<string, string[]> = {};
    const unknown: string[] = [];
    for (const f of Array.from(list ?? [])) {
      const name = f.name.replace(/\.csv$/i, "");
      if (!KB_FILES.includes(name)) unknown.push(f.name);
      // the API takes each file as its lines and parses them itself
      else read[name] = (await f.text()).replace(/^\uFEFF/, "").split(/\r?\n/);
    }
    setFiles(read);
    setError(unknown.length ? `${t("Not a file of the contract")}: ${unknown.join(", ")}` : null);
  };
  const submit = async () => {
    try {
      const v = await api<KbVersion>("/supervision/kb-versions", post({ label: labelText, files }));
      setOk(`${t("Draft stored")}: ${v.id} · ${v.label}`);
      setError(null);
      onDone();
    } catch (e) {
      setError(errorText(e));
      setOk(null);
    }
  };
  return (
    <Card size="small" title={t("Upload a draft version")}>
      <Note error={error} ok={ok} />
      <Space orientation="vertical" style={{ width: "100%", maxWidth: 640 }}>
        <Input
          id="kb-label"
          placeholder={t("Label")}
          value={labelText}
          onChange={(e) => setLabel(e.target.value)}
        />
        <input id="kb-files" type="file" accept=".csv" multiple onChange={(e) => void pick(e.target.files)} />
        <span>{`${t("Files")}: ${Object.keys(files).sort().join(", ") || "—"} (${KB_FILES.join(", ")})`}</span>
        <Button
          id="kb-upload"
          type="primary"
          disabled={!labelText || Object.keys(files).length === 0}
          onClick={submit}
        >
          {t("Upload")}
        </Button>
      </Space>
    </Card>
  );
}

interface KbContents {
  version: KbVersion;
  files: { name: string; header: string[]; rows: string[][]; total: number }[];
}

interface Job {
  id: string;
  kind: string;
  kbVersionId: string;
  from: string;
  to: string;
  lookbackDays: number;
  status: string;
  visits: number;
  lines: string;
  findings: number;
  seconds: number;
  linesPerMinute: number;
  byRule?: { rule: string; result: string; findings: number; amount: string }[];
  resumeAfter?: { begntime: string; visitId: string } | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

/** A version's files (rules with names, parameters, items...), the test bench, publication. */
export function RuleVersionPage({ id }: { id: string }) {
  const t = useT();
  const lang = useLang();
  const rules = useRules();
  const errorText = useErrorText();
  const [version, setVersion] = useState(0);
  const { data, error } = useResource<KbContents>(`/supervision/kb-versions/${id}`, version);
  const [pubError, setPubError] = useState<string | null>(null);
  const publish = async () => {
    try {
      await api(`/supervision/kb-versions/${id}/publish`, post({}));
      setPubError(null);
      setVersion((v) => v + 1);
    } catch (e) {
      setPubError(errorText(e));
    }
  };
  return (
    <Loaded error={error} ready={data !== null}>
      {() => {
        const v = data!.version;
        return (
          <>
            <Facts
              title={`${v.id} · ${v.label}`}
              items={[
                [
                  t("Status"),
                  <Tag key="s" id="kb-status">
                    {label("kbStatus", v.status, lang)}
                  </Tag>,
                ],
                [t("Uploaded"), `${when(v.createdAt)} ${v.createdBy}`],
                [t("Published"), v.publishedAt ? `${when(v.publishedAt)} ${v.publishedBy ?? ""}` : "—"],
              ]}
            />
            <TestBench draftId={v.id} />
            {v.status === "draft" && isRole("supervisor") && (
              <Card size="small" style={{ marginBottom: 16 }}>
                <Note error={pubError} />
                <Button id="kb-publish" type="primary" onClick={publish}>
                  {t("Publish this version")}
                </Button>
              </Card>
            )}
            <Collapse
              defaultActiveKey={["rules"]}
              items={data!.files.map((f) => ({
                key: f.name,
                label: `${f.name}.csv (${f.total})`,
                children: (
                  <Table
                    size="small"
                    rowKey={(_, i) => String(i)}
                    pagination={{ pageSize: 20 }}
                    scroll={{ x: "max-content" }}
                    dataSource={f.rows.map((r) => r)}
                    columns={[
                      ...f.header.map((h, i) => ({
                        title: h,
                        key: h,
                        render: (_: unknown, r: string[]) => r[i] ?? "",
                      })),
                      ...(f.name === "rules"
                        ? [
                            {
                              title: t("Rule"),
                              key: "name",
                              render: (_: unknown, r: string[]) => {
                                const info = rules.get(r[0] ?? "");
                                return info ? `${info.code} ${info.name}` : "";
                              },
                            },
                          ]
                        : []),
                    ]}
                  />
                ),
              }))}
            />
          </>
        );
      }}
    </Loaded>
  );
}

/**
 * 测试台: a trial of this version and one of the published version over the same period (trials
 * write findings that cannot open a case), their counts per rule side by side, sample findings.
 */
function TestBench({ draftId }: { draftId: string }) {
  const t = useT();
  const lang = useLang();
  const rules = useRules();
  const errorText = useErrorText();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<Job | null>(null);
  const [theirs, setTheirs] = useState<Job | null>(null);
  const versions = useResource<KbVersion[]>("/supervision/kb-versions");
  const published = versions.data?.find((v) => v.status === "published") ?? null;
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      const trial = (kbVersionId: string) =>
        api<Job>("/supervision/audit-jobs", post({ from, to, kind: "trial", kbVersionId }));
      setMine(await trial(draftId));
      setTheirs(published && published.id !== draftId ? await trial(published.id) : null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setRunning(false);
    }
  };
  const byRule = new Map<
    string,
    { rule: string; result: string; a?: [number, string]; b?: [number, string] }
  >();
  for (const r of mine?.byRule ?? [])
    byRule.set(`${r.rule}|${r.result}`, { rule: r.rule, result: r.result, a: [r.findings, r.amount] });
  for (const r of theirs?.byRule ?? []) {
    const k = `${r.rule}|${r.result}`;
    byRule.set(k, { rule: r.rule, result: r.result, ...byRule.get(k), b: [r.findings, r.amount] });
  }
  return (
    <Card
      size="small"
      title={t("Test bench: what this version would have found")}
      style={{ marginBottom: 16 }}
    >
      <Note error={error} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input
          id="bench-from"
          placeholder={t("From (yyyy-MM-dd)")}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          style={{ width: 170 }}
        />
        <Input
          id="bench-to"
          placeholder={t("To (yyyy-MM-dd)")}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          style={{ width: 170 }}
        />
        <Button id="bench-run" type="primary" loading={running} disabled={!from || !to} onClick={run}>
          {t("Run a trial")}
        </Button>
      </Space>
      {mine && (
        <>
          <p id="bench-summary">
            {`${t("This version")}: ${mine.visits} ${t("visits")}, ${mine.lines} ${t("lines")}, ${mine.findings} ${t("findings")}`}
            {theirs &&
              ` · ${t("Published version")} ${theirs.kbVersionId}: ${theirs.findings} ${t("findings")}`}
          </p>
          <Table
            id="bench-by-rule"
            size="small"
            rowKey={(r) => `${r.rule}|${r.result}`}
            pagination={false}
            scroll={{ x: "max-content" }}
            dataSource={[...byRule.values()]}
            columns={[
              {
                title: t("Rule"),
                key: "rule",
                render: (_: unknown, r) => {
                  const info = rules.get(r.rule);
                  return info ? `${info.code} ${info.name}` : r.rule;
                },
              },
              {
                title: t("Result type"),
                dataIndex: "result",
                render: (v: string) => label("findingResult", v, lang),
              },
              {
                title: t("This version"),
                key: "a",
                align: "right",
                render: (_: unknown, r) => r.a?.[0] ?? 0,
              },
              {
                title: t("Amount"),
                key: "aa",
                align: "right",
                render: (_: unknown, r) => money(r.a?.[1] ?? "0.00"),
              },
              {
                title: t("Published version"),
                key: "b",
                align: "right",
                render: (_: unknown, r) => (theirs ? (r.b?.[0] ?? 0) : "—"),
              },
              {
                title: t("Amount"),
                key: "bb",
                align: "right",
                render: (_: unknown, r) => (theirs ? money(r.b?.[1] ?? "0.00") : "—"),
              },
            ]}
          />
          <h4 style={{ marginTop: 12 }}>{t("Sample findings")}</h4>
          <PagedTable<FindingRow>
            key={mine.id}
            path={`/supervision/findings/paged?jobId=${mine.id}`}
            pageSize={10}
            rowKey="id"
            columns={findingColumns(t, lang)}
          />
        </>
      )}
    </Card>
  );
}

// ---------------------------------------------------------------- audit jobs

/** 批量审核: start a job for a period; its progress is polled while it runs; the jobs with their cursor. */
export function AuditJobsPage() {
  const t = useT();
  const lang = useLang();
  const errorText = useErrorText();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [lookback, setLookback] = useState<number | null>(90);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const load = useCallback(
    () =>
      api<Job[]>("/supervision/audit-jobs?limit=50").then(
        (j) => setJobs(j),
        (e) => setError(errorText(e)),
      ),
    [errorText],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const anyRunning = starting || (jobs ?? []).some((j) => j.status === "running");
  // while a job runs (this one, or another operator's), its progress is read every 2 s
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(() => void load(), 2000);
    return () => clearInterval(timer);
  }, [anyRunning, load]);
  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      await api<Job>("/supervision/audit-jobs", post({ from, to, lookbackDays: lookback ?? undefined }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setStarting(false);
      void load();
    }
  };
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {isRole("auditor", "supervisor") && (
        <Card size="small" title={t("Start a batch audit")}>
          <Note error={error} />
          <Space wrap>
            <Input
              id="job-from"
              placeholder={t("From (yyyy-MM-dd)")}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              style={{ width: 170 }}
            />
            <Input
              id="job-to"
              placeholder={t("To (yyyy-MM-dd)")}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              style={{ width: 170 }}
            />
            <span>{t("History days before the period")}</span>
            <InputNumber min={0} max={366} value={lookback} onChange={(v) => setLookback(v)} />
            <Button id="job-start" type="primary" loading={starting} disabled={!from || !to} onClick={start}>
              {t("Start")}
            </Button>
          </Space>
        </Card>
      )}
      <Loaded error={jobs === null ? error : null} ready={jobs !== null}>
        {() => (
          <Table<Job>
            id="audit-jobs"
            rowKey="id"
            size="middle"
            pagination={{ pageSize: 20 }}
            scroll={{ x: "max-content" }}
            dataSource={jobs!}
            columns={[
              { title: "id", dataIndex: "id" },
              { title: t("Kind"), dataIndex: "kind", render: (v: string) => label("jobKind", v, lang) },
              {
                title: t("Version"),
                dataIndex: "kbVersionId",
                render: (v: string) => <Link to={`/supervision/rules/${v}`}>{v}</Link>,
              },
              { title: t("Audit period"), key: "period", render: (_: unknown, j) => `${j.from} – ${j.to}` },
              {
                title: t("Status"),
                dataIndex: "status",
                render: (v: string) => (
                  <Tag color={v === "running" ? "processing" : "green"}>{label("jobStatus", v, lang)}</Tag>
                ),
              },
              { title: t("Visits"), dataIndex: "visits", align: "right" },
              { title: t("Fee lines"), dataIndex: "lines", align: "right" },
              {
                title: t("Findings"),
                dataIndex: "findings",
                align: "right",
                render: (v: number, j) =>
                  j.kind === "audit" ? (
                    <Link to={`/supervision/findings?jobId=${j.id}`}>{String(v)}</Link>
                  ) : (
                    v
                  ),
              },
              {
                title: t("Seconds"),
                dataIndex: "seconds",
                align: "right",
                render: (v: number) => v.toFixed(1),
              },
              { title: t("Lines per minute"), dataIndex: "linesPerMinute", align: "right" },
              {
                title: t("Resumes after"),
                key: "resume",
                render: (_: unknown, j) =>
                  j.resumeAfter
                    ? `${when(j.resumeAfter.begntime)} · ${t("visit")} ${j.resumeAfter.visitId}`
                    : "—",
              },
              {
                title: t("Started"),
                key: "started",
                render: (_: unknown, j) => `${when(j.createdAt)} ${j.createdBy}`,
              },
              { title: t("Finished"), dataIndex: "finishedAt", render: (v: string | null) => when(v) },
            ]}
          />
        )}
      </Loaded>
    </Space>
  );
}

// ---------------------------------------------------------------- early warnings, credit

interface Warning {
  psnNo: string;
  name: string;
  categories: string[];
  personalCost: string;
  medfee: string;
  threshold: string;
  settlements: {
    setlId: string;
    kind: string;
    setlTime: string;
    mdtrtId: string;
    institution: string | null;
    medType: string;
    medfee: string;
    personalCost: string;
  }[];
}

const years = () => [0, 1, 2, 3].map((k) => new Date().getFullYear() - k);

/** 高额医疗费用预警: assistance recipients whose personal cost of the year reaches a threshold. */
export function EarlyWarningsPage() {
  const t = useT();
  const lang = useLang();
  const [year, setYear] = useState(years()[0]!);
  const [thresholds, setThresholds] = useState("5000.00,10000.00,30000.00");
  const [asked, setAsked] = useState(thresholds);
  const valid = /^\d{1,15}(\.\d{1,2})?(,\d{1,15}(\.\d{1,2})?){0,9}$/.test(thresholds.replace(/\s/g, ""));
  const { data, error } = useResource<Warning[]>(
    `/supervision/early-warnings?year=${year}&thresholds=${encodeURIComponent(asked)}`,
  );
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <span>{t("Year")}</span>
        <Select
          style={{ width: 110 }}
          value={year}
          onChange={setYear}
          options={years().map((y) => ({ value: y, label: String(y) }))}
        />
        <span>{t("Thresholds (yuan)")}</span>
        <Input
          id="warning-thresholds"
          style={{ width: 260 }}
          value={thresholds}
          status={valid ? undefined : "error"}
          onChange={(e) => setThresholds(e.target.value)}
        />
        <Button disabled={!valid} onClick={() => setAsked(thresholds.replace(/\s/g, ""))}>
          {t("Filter")}
        </Button>
      </Space>
      <Loaded error={error} ready={data !== null}>
        {() => (
          <Table<Warning>
            rowKey="psnNo"
            size="middle"
            pagination={{ pageSize: 50 }}
            scroll={{ x: "max-content" }}
            dataSource={data!}
            expandable={{
              expandedRowRender: (w) => (
                <Table
                  size="small"
                  rowKey="setlId"
                  pagination={false}
                  scroll={{ x: "max-content" }}
                  dataSource={w.settlements}
                  columns={[
                    {
                      title: t("Settlement"),
                      dataIndex: "setlId",
                      render: (v: string) => <Link to={`/settlements/${v}`}>{v}</Link>,
                    },
                    {
                      title: t("Kind"),
                      dataIndex: "kind",
                      render: (v: string) => label("settleKind", v, lang),
                    },
                    { title: t("Time"), dataIndex: "setlTime", render: (v: string) => when(v) },
                    { title: t("Institution"), dataIndex: "institution" },
                    {
                      title: t("Medical type"),
                      dataIndex: "medType",
                      render: (v: string) => label("medType", v, lang),
                    },
                    { title: t("Total cost"), dataIndex: "medfee", align: "right", render: money },
                    { title: t("Personal cost"), dataIndex: "personalCost", align: "right", render: money },
                  ]}
                />
              ),
            }}
            columns={[
              { title: t("Person number"), dataIndex: "psnNo" },
              { title: t("Name"), dataIndex: "name" },
              {
                title: t("Assistance category"),
                dataIndex: "categories",
                render: (v: string[]) => v.map((c) => <Tag key={c}>{label("assistance", c, lang)}</Tag>),
              },
              { title: t("Personal cost"), dataIndex: "personalCost", align: "right", render: money },
              { title: t("Total cost"), dataIndex: "medfee", align: "right", render: money },
              {
                title: t("Threshold reached"),
                dataIndex: "threshold",
                align: "right",
                render: (v: string) => <Tag color="red">{money(v)}</Tag>,
              },
              {
                title: t("Settlements"),
                key: "n",
                align: "right",
                render: (_: unknown, w) => w.settlements.length,
              },
            ]}
          />
        )}
      </Loaded>
    </Space>
  );
}

interface Credit {
  institution: string;
  score: number;
  agreementReview: boolean;
  history: { caseNo: string; at: string; delta: number; score: number }[];
}

/** 信用评价: institutions' scores of the year from their deducted cases, flagged for agreement review. */
export function CreditPage() {
  const t = useT();
  const [year, setYear] = useState(years()[0]!);
  const [threshold, setThreshold] = useState<number | null>(800);
  const { data, error } = useResource<Credit[]>(
    `/supervision/credit/institutions?year=${year}${threshold === null ? "" : `&threshold=${threshold}`}`,
  );
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Row gutter={[12, 12]}>
        <Col>
          <Space>
            <span>{t("Year")}</span>
            <Select
              style={{ width: 110 }}
              value={year}
              onChange={setYear}
              options={years().map((y) => ({ value: y, label: String(y) }))}
            />
          </Space>
        </Col>
        <Col>
          <Space>
            <span>{t("Agreement review below")}</span>
            <InputNumber
              id="credit-threshold"
              min={0}
              max={1000}
              value={threshold}
              onChange={(v) => setThreshold(v)}
            />
          </Space>
        </Col>
      </Row>
      <Alert
        type="info"
        title={t("An institution starts the year at 1000 points; each deducted case costs points.")}
      />
      <Loaded error={error} ready={data !== null}>
        {() => (
          <Table<Credit>
            rowKey="institution"
            size="middle"
            pagination={{ pageSize: 50 }}
            scroll={{ x: "max-content" }}
            dataSource={data!}
            expandable={{
              expandedRowRender: (c) => <CreditHistory rows={c.history} />,
            }}
            columns={[
              { title: t("Institution"), dataIndex: "institution" },
              { title: t("Score"), dataIndex: "score", align: "right" },
              {
                title: t("Agreement review (协议管理)"),
                dataIndex: "agreementReview",
                render: (v: boolean) => (v ? <Tag color="red">{t("Flagged")}</Tag> : <Tag>{t("No")}</Tag>),
              },
              {
                title: t("Deducted cases"),
                key: "n",
                align: "right",
                render: (_: unknown, c) => c.history.length,
              },
            ]}
          />
        )}
      </Loaded>
    </Space>
  );
}
