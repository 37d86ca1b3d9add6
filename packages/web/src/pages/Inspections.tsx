import { Alert, Button, Card, Input, InputNumber, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { api, getRole, post } from "../api.ts";
import { when } from "../format.ts";
import { useErrorText, useLang, useT } from "../i18n.ts";
import { label } from "../labels.ts";
import { Link } from "../router.ts";
import { Facts, Loaded, useResource } from "./common.tsx";

/**
 * Random inspections (双随机、一公开) and the public disclosure of typical cases (典型案例曝光):
 * draws made from a seed, verified by drawing again, published, their results; the cases the
 * public sees. Data from features/supervision/inspection.routes.ts.
 */
interface Team {
  institution: string;
  institutionName: string;
  inspectors: string[];
}
interface Result {
  institutionCode: string;
  outcome: string;
  caseNo: string | null;
  note: string;
  recordedBy: string;
  recordedAt: string;
}
interface Draw {
  id: string;
  drawNo: string;
  regionCode: string;
  title: string;
  seed: string;
  institutionCount: number;
  perTeam: number;
  candidates: { institutions: number; inspectors: number };
  candidatesSha256: string;
  teams: Team[];
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
  results: Result[];
}
interface Disclosed {
  caseNo: string;
  institutionCode: string;
  institutionName: string;
  ruleFamilies: string[];
  deduction: string | null;
  decidedAt: string | null;
  summary: string;
  disclosedAt: string;
}

const isSupervisor = () => getRole() === "supervisor" || getRole() === "admin";

function Message({ error, ok }: { error: string | null; ok: string | null }) {
  if (error) return <Alert type="error" title={error} style={{ marginBottom: 8 }} />;
  if (ok) return <Alert type="success" title={ok} style={{ marginBottom: 8 }} />;
  return null;
}

/** A supervisor's new draw: region, title, how many institutions, team size, optional seed and level. */
function DrawForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [form, setForm] = useState({
    regionCode: "530100",
    title: "",
    seed: "",
    institutionCount: 3,
    perTeam: 2,
    level: "",
  });
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      const { seed, level, ...rest } = form;
      await api(
        "/supervision/inspections",
        post({ ...rest, ...(seed ? { seed } : {}), ...(level ? { level } : {}) }),
      );
      setError(null);
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const set = (k: keyof typeof form) => (v: unknown) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Card size="small" title={t("New random draw")} style={{ marginBottom: 16 }}>
      <Message error={error} ok={null} />
      <Space wrap>
        <Input
          aria-label="regionCode"
          style={{ width: 110 }}
          value={form.regionCode}
          onChange={(e) => set("regionCode")(e.target.value)}
        />
        <Input
          aria-label="title"
          style={{ width: 260 }}
          placeholder={t("Title")}
          value={form.title}
          onChange={(e) => set("title")(e.target.value)}
        />
        <span>{t("Institutions")}</span>
        <InputNumber
          aria-label="institutionCount"
          min={1}
          max={500}
          value={form.institutionCount}
          onChange={set("institutionCount")}
        />
        <span>{t("Inspectors per team")}</span>
        <InputNumber aria-label="perTeam" min={1} max={10} value={form.perTeam} onChange={set("perTeam")} />
        <Select
          aria-label="level"
          style={{ width: 120 }}
          value={form.level}
          onChange={set("level")}
          options={[
            { value: "", label: t("Any level") },
            ...["1", "2", "3"].map((l) => ({ value: l, label: label("level", l, "zh") })),
          ]}
        />
        <Input
          aria-label="seed"
          style={{ width: 180 }}
          placeholder={t("Seed (made if empty)")}
          value={form.seed}
          onChange={(e) => set("seed")(e.target.value)}
        />
        <Button type="primary" onClick={submit} disabled={!form.title}>
          {t("Draw")}
        </Button>
      </Space>
    </Card>
  );
}

/** /supervision/inspections: the draws, newest first; a supervisor makes a new one. */
export function InspectionsPage() {
  const t = useT();
  const [version, setVersion] = useState(0);
  const { data, error } = useResource<Draw[]>("/supervision/inspections", version);
  return (
    <>
      {isSupervisor() && <DrawForm onDone={() => setVersion((v) => v + 1)} />}
      <Loaded error={error} ready={data !== null}>
        {() => (
          <Table<Draw>
            rowKey="id"
            size="middle"
            scroll={{ x: "max-content" }}
            dataSource={data!}
            pagination={{ pageSize: 20 }}
            locale={{ emptyText: t("No draw yet") }}
            columns={[
              {
                title: t("Draw number"),
                dataIndex: "drawNo",
                render: (v: string, d) => <Link to={`/supervision/inspections/${d.id}`}>{v}</Link>,
              },
              { title: t("Title"), dataIndex: "title" },
              { title: t("Region"), dataIndex: "regionCode" },
              { title: t("Seed"), dataIndex: "seed" },
              {
                title: t("Institutions"),
                render: (_, d) => `${d.teams.length} / ${d.candidates.institutions}`,
              },
              { title: t("Results"), render: (_, d) => `${d.results.length} / ${d.teams.length}` },
              {
                title: t("Status"),
                render: (_, d) =>
                  d.publishedAt ? (
                    <Tag color="green">{t("Made public")}</Tag>
                  ) : (
                    <Tag color="blue">{t("Drawn")}</Tag>
                  ),
              },
              { title: t("Drawn at"), dataIndex: "createdAt", render: (v: string) => when(v) },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}

/** One team's result: no finding, or the case it opened (its id). */
function ResultForm({ drawId, code, onDone }: { drawId: string; code: string; onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [outcome, setOutcome] = useState("no_finding");
  const [caseId, setCaseId] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      await api(
        `/supervision/inspections/${drawId}/results`,
        post({ institutionCode: code, outcome, note, ...(outcome === "case_opened" ? { caseId } : {}) }),
      );
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Space wrap>
      {error && <span role="alert">{error}</span>}
      <Select
        aria-label={`outcome-${code}`}
        style={{ width: 130 }}
        value={outcome}
        onChange={setOutcome}
        options={[
          { value: "no_finding", label: t("no_finding") },
          { value: "case_opened", label: t("case_opened") },
        ]}
      />
      {outcome === "case_opened" && (
        <Input
          aria-label="caseId"
          style={{ width: 100 }}
          placeholder={t("Case id")}
          value={caseId}
          onChange={(e) => setCaseId(e.target.value)}
        />
      )}
      <Input
        aria-label="note"
        style={{ width: 200 }}
        placeholder={t("Note")}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <Button onClick={submit}>{t("Record")}</Button>
    </Space>
  );
}

/** /supervision/inspections/:id: the draw, whether it verifies, its teams and their results. */
export function InspectionPage({ id }: { id: string }) {
  const t = useT();
  const errorText = useErrorText();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const { data, error: loadError } = useResource<{
    draw: Draw;
    verified: boolean;
    candidateLists: { institutions: string[]; inspectors: string[] };
  }>(`/supervision/inspections/${id}`, version);
  const reload = () => setVersion((v) => v + 1);
  const publish = async () => {
    try {
      await api(`/supervision/inspections/${id}/publish`, post({}));
      setError(null);
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Loaded error={loadError} ready={data !== null}>
      {() => {
        const d = data!.draw;
        const resultOf = (code: string) => d.results.find((r) => r.institutionCode === code);
        return (
          <>
            <Message error={error} ok={null} />
            <Facts
              title={`${d.drawNo} · ${d.title}`}
              items={[
                [t("Region"), d.regionCode],
                [t("Seed"), d.seed],
                [t("Candidates"), `${d.candidates.institutions} / ${d.candidates.inspectors}`],
                ["SHA-256", <code key="h">{d.candidatesSha256}</code>],
                [
                  t("Verified"),
                  data!.verified ? (
                    <Tag key="v" color="green">
                      {t("Drawn again: the same")}
                    </Tag>
                  ) : (
                    <Tag key="v" color="red">
                      {t("Does not verify")}
                    </Tag>
                  ),
                ],
                [t("Status"), d.publishedAt ? `${t("Made public")} ${when(d.publishedAt)}` : t("Drawn")],
              ]}
            />
            {!d.publishedAt && isSupervisor() && (
              <Button type="primary" onClick={publish} style={{ marginBottom: 16 }}>
                {t("Publish")}
              </Button>
            )}
            <Table<Team>
              rowKey="institution"
              size="middle"
              scroll={{ x: "max-content" }}
              pagination={false}
              dataSource={d.teams}
              columns={[
                { title: t("Institution"), render: (_, x) => `${x.institutionName} (${x.institution})` },
                { title: t("Inspectors"), render: (_, x) => x.inspectors.join("、") },
                {
                  title: t("Result"),
                  render: (_, x) => {
                    const r = resultOf(x.institution);
                    if (r)
                      return `${t(r.outcome)}${r.caseNo ? ` ${r.caseNo}` : ""}${r.note ? ` · ${r.note}` : ""}`;
                    return d.publishedAt ? (
                      <ResultForm drawId={d.id} code={x.institution} onDone={reload} />
                    ) : (
                      "—"
                    );
                  },
                },
              ]}
            />
          </>
        );
      }}
    </Loaded>
  );
}

/** /supervision/disclosures: the typical cases the public sees; a supervisor discloses or withdraws one. */
export function DisclosuresPage() {
  const t = useT();
  const lang = useLang();
  const errorText = useErrorText();
  const [version, setVersion] = useState(0);
  const [caseId, setCaseId] = useState("");
  const [summary, setSummary] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const { data, error: loadError } = useResource<Disclosed[]>("/public/disclosures", version);
  const act = async (action: "disclose" | "withdraw") => {
    try {
      const r = await api<{ caseNo: string }>(
        `/supervision/cases/${caseId}/disclosure`,
        post({ action, summary }),
      );
      setError(null);
      setOk(`${r.caseNo}: ${t(action)}`);
      setVersion((v) => v + 1);
    } catch (e) {
      setOk(null);
      setError(errorText(e));
    }
  };
  return (
    <>
      {isSupervisor() && (
        <Card size="small" title={t("Disclose a decided case")} style={{ marginBottom: 16 }}>
          <Message error={error} ok={ok} />
          <Space wrap>
            <Input
              aria-label="caseId"
              style={{ width: 110 }}
              placeholder={t("Case id")}
              value={caseId}
              onChange={(e) => setCaseId(e.target.value)}
            />
            <Input.TextArea
              aria-label="summary"
              style={{ width: 420 }}
              rows={2}
              placeholder={t("Summary for the public (names no person)")}
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
            />
            <Button type="primary" disabled={!caseId || !summary} onClick={() => act("disclose")}>
              {t("disclose")}
            </Button>
            <Button disabled={!caseId || !summary} onClick={() => act("withdraw")}>
              {t("withdraw")}
            </Button>
          </Space>
        </Card>
      )}
      <Card size="small" title={t("Typical cases disclosed to the public")}>
        <Loaded error={loadError} ready={data !== null}>
          {() => (
            <Table<Disclosed>
              rowKey="caseNo"
              size="middle"
              scroll={{ x: "max-content" }}
              dataSource={data!}
              pagination={{ pageSize: 20 }}
              locale={{ emptyText: t("Nothing disclosed") }}
              columns={[
                { title: t("Case number"), dataIndex: "caseNo" },
                { title: t("Institution"), render: (_, d) => `${d.institutionName} (${d.institutionCode})` },
                {
                  title: t("Rule families"),
                  render: (_, d) => d.ruleFamilies.map((f) => label("family", f, lang)).join("、"),
                },
                { title: t("Deduction"), dataIndex: "deduction", align: "right" },
                { title: t("Decided"), dataIndex: "decidedAt", render: (v: string | null) => when(v) },
                { title: t("Summary"), dataIndex: "summary" },
                { title: t("Disclosed at"), dataIndex: "disclosedAt", render: (v: string) => when(v) },
              ]}
            />
          )}
        </Loaded>
      </Card>
    </>
  );
}
