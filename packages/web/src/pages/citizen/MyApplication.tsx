import { Alert, Button, Card, Rate, Space, Steps } from "antd";
import { useState } from "react";
import { citizenApi, getToken, post } from "../../api.ts";
import { when } from "../../format.ts";
import { useErrorText, useLang } from "../../i18n.ts";
import { word } from "../../labels.ts";
import { navigate } from "../../router.ts";
import { Loaded, useResource } from "../common.tsx";

interface Application {
  id: string;
  itemName: string;
  itemCode: string;
  status: string;
  dueAt: string;
  decisionNote: string | null;
  events: { at: string; status: string; note: string | null }[];
  attachments: { id: string; contentType: string; size: number }[];
  rating: { score: number } | null;
  filing: { status: string; validFrom: string; validTo: string | null; commitmentDue: string | null } | null;
}

/** One of my applications: where it stands, the invoice upload, and the rating once it is done. */
export function MyApplicationPage({ id }: { id: string }) {
  const lang = useLang();
  const errorText = useErrorText();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const { data: a, error: loadError } = useResource<Application>(
    `/selfservice/applications/${id}`,
    version,
    citizenApi,
  );
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const res = await fetch(`/api/v1/selfservice/applications/${id}/attachments`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${getToken("citizen")}`,
        "content-type": file.type || "application/octet-stream",
      },
      body: file,
    });
    if (!res.ok) setError(errorText(await res.json().catch(() => ({}))));
    else setVersion((v) => v + 1);
  };
  const rate = async (score: number) => {
    try {
      await citizenApi(`/selfservice/applications/${id}/rating`, post({ score }));
      setVersion((v) => v + 1);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Loaded error={loadError} ready={a !== null}>
      {() => (
        <Card title={a!.itemName}>
          {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
          <div id="my-status" style={{ fontSize: 22, marginBottom: 12 }}>
            {word("status", a!.status, lang)}
          </div>
          <p>办结时限：{when(a!.dueAt).slice(0, 10)} 前</p>
          {a!.decisionNote && <p>经办意见：{a!.decisionNote}</p>}
          {a!.filing && (
            <p>
              备案{word("filingStatus", a!.filing.status, lang)}：{a!.filing.validFrom} 起
              {a!.filing.validTo ? `至 ${a!.filing.validTo}` : ""}
              {a!.filing.commitmentDue ? `，请在 ${a!.filing.commitmentDue} 前补交材料` : ""}
            </p>
          )}
          <Steps
            orientation="vertical"
            size="small"
            items={a!.events.map((e) => ({
              title: word("status", e.status, lang),
              description: `${when(e.at)} ${e.note ?? ""}`,
            }))}
          />
          {a!.status === "submitted" && (
            <Space orientation="vertical" style={{ marginTop: 12 }}>
              <span>上传发票或材料照片（JPG、PNG、PDF，2MB 以内）：已传 {a!.attachments.length} 个</span>
              <input
                type="file"
                accept="image/jpeg,image/png,application/pdf"
                onChange={(e) => upload(e.target.files?.[0])}
              />
            </Space>
          )}
          {a!.status !== "submitted" && (
            <div style={{ marginTop: 16 }}>
              <div>请评价这次办理（好差评）：</div>
              <Rate
                value={a!.rating?.score ?? 0}
                disabled={a!.rating !== null}
                onChange={rate}
                style={{ fontSize: 32 }}
              />
            </div>
          )}
          <Button size="large" block style={{ marginTop: 16 }} onClick={() => navigate("/my")}>
            返回
          </Button>
        </Card>
      )}
    </Loaded>
  );
}
