import { Alert, Button, Card, Input, Radio, Space, Table } from "antd";
import { useState } from "react";
import { api, getRole, post } from "../api.ts";
import { when } from "../format.ts";
import { useErrorText, useLang, useT } from "../i18n.ts";
import { label, word } from "../labels.ts";
import { navigate, useLocation } from "../router.ts";
import { Facts, Loaded, useResource } from "./common.tsx";
import { ApplicationsTable, FilingTable, type FilingRow } from "./Person.tsx";

/** 政务服务办件: applications of the region, filtered by status (default: awaiting review). */
export function ApplicationsPage() {
  const t = useT();
  const { query } = useLocation();
  const status = query.get("status") ?? "submitted";
  const share = useResource<{ online: number; total: number; share: string }>("/service-items/online-share");
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Radio.Group
          value={status}
          onChange={(e) => navigate(`/applications?status=${e.target.value}`)}
          options={[
            { value: "submitted", label: label("status", "submitted", useLang()) },
            { value: "approved", label: label("status", "approved", useLang()) },
            { value: "rejected", label: label("status", "rejected", useLang()) },
          ]}
          optionType="button"
        />
        {share.data && (
          <span>
            {t("Online share")}: {share.data.online}/{share.data.total} (
            {(Number(share.data.share) * 100).toFixed(1)}%)
          </span>
        )}
      </Space>
      <ApplicationsTable key={status} path={`/service-applications?status=${status}`} />
    </Space>
  );
}

interface Application {
  id: string;
  itemName: string;
  itemNameEn: string;
  status: string;
  submittedAt: string;
  dueAt: string;
  overdue: boolean;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  applicant: {
    kind: string;
    psnNo: string | null;
    name: string | null;
    certno: string | null;
    uscc: string | null;
  };
  form: Record<string, unknown>;
  events: { at: string; status: string; actor: string; note: string | null }[];
  attachments: { id: string; contentType: string; size: number; uploadedAt: string }[];
  rating: { score: number; comment: string | null } | null;
  filing: FilingRow | null;
}

/** One application: what was asked, its history, attachments (staff only), and the decision. */
export function ApplicationPage({ id }: { id: string }) {
  const t = useT();
  const lang = useLang();
  const errorText = useErrorText();
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const { data: a, error: loadError } = useResource<Application>(`/service-applications/${id}`, version);
  const decide = async (decision: "approve" | "reject") => {
    try {
      await api(`/service-applications/${id}/decision`, post({ decision, note: note || undefined }));
      setVersion((v) => v + 1);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const open = async (attachmentId: string) => {
    // the file is fetched with the session token, then shown from memory (never a public URL)
    const res = await fetch(`/api/v1/service-applications/${id}/attachments/${attachmentId}`, {
      headers: { authorization: `Bearer ${localStorage.getItem("yibao.token")}` },
    });
    window.open(URL.createObjectURL(await res.blob()), "_blank");
  };
  return (
    <Loaded error={loadError} ready={a !== null}>
      {() => (
        <>
          <Facts
            title={`${lang === "zh" ? a!.itemName : a!.itemNameEn} · ${label("status", a!.status, lang)}`}
            items={[
              [t("Applicant"), `${a!.applicant.name ?? ""} ${a!.applicant.psnNo ?? a!.applicant.uscc ?? ""}`],
              [t("ID number"), a!.applicant.certno ?? "—"],
              [t("Submitted"), when(a!.submittedAt)],
              [t("Due"), `${when(a!.dueAt)}${a!.overdue ? ` (${t("Overdue")})` : ""}`],
              ...Object.entries(a!.form).map(
                ([k, v]) =>
                  [
                    word("formField", k, lang),
                    k === "filingType" ? label("filingType", String(v), lang) : String(v),
                  ] as [string, string],
              ),
              ...(a!.decisionNote ? [[t("Note"), a!.decisionNote] as [string, string]] : []),
              ...(a!.rating
                ? [
                    [t("Rating"), `${"★".repeat(a!.rating.score)} ${a!.rating.comment ?? ""}`] as [
                      string,
                      string,
                    ],
                  ]
                : []),
            ]}
          />
          {a!.filing && <FilingTable rows={[a!.filing]} t={t} lang={lang} />}
          {a!.status === "submitted" && ["admin", "agency"].includes(getRole() ?? "") && (
            <Card size="small" style={{ margin: "16px 0" }}>
              {error && <Alert type="error" title={error} style={{ marginBottom: 8 }} />}
              <Space wrap>
                <Input
                  id="decision-note"
                  placeholder={t("Note")}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  style={{ width: 320 }}
                />
                <Button type="primary" id="approve" onClick={() => decide("approve")}>
                  {t("Approve")}
                </Button>
                <Button danger onClick={() => decide("reject")}>
                  {t("Reject")}
                </Button>
              </Space>
            </Card>
          )}
          {a!.attachments.length > 0 && (
            <Card size="small" title={t("Attachments")} style={{ margin: "16px 0" }}>
              {a!.attachments.map((x) => (
                <Button key={x.id} type="link" onClick={() => open(x.id)}>
                  {`${x.contentType} · ${Math.ceil(x.size / 1024)} KB`}
                </Button>
              ))}
            </Card>
          )}
          <Card size="small" title={t("Status history of the application")} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="at"
              pagination={false}
              dataSource={a!.events}
              columns={[
                { title: t("Time"), dataIndex: "at", render: (v: string) => when(v) },
                { title: t("Status"), dataIndex: "status", render: (v: string) => label("status", v, lang) },
                { title: t("Operator"), dataIndex: "actor" },
                { title: t("Note"), dataIndex: "note" },
              ]}
            />
          </Card>
        </>
      )}
    </Loaded>
  );
}
