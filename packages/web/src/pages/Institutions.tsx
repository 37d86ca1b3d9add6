import { Alert, Button, Card, Form, Input, Modal, Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { api, getRole, post } from "../api.ts";
import { when as beijing } from "../format.ts";
import { useErrorText, useLang, useT } from "../i18n.ts";
import { label, regionLabel } from "../labels.ts";
import { Link } from "../router.ts";
import { Facts, Loaded, showOnField, useResource } from "./common.tsx";
import { SettlementsOf } from "./Person.tsx";

const when = (iso: string | null) => (iso ? beijing(iso) : null);

interface Institution {
  code: string;
  name: string;
  kind: string;
  level: string;
  region_code: string;
  payment_method: string;
  agreement_from: string;
  agreement_to: string | null;
  active: boolean;
}

interface GatewayKey {
  id: string;
  fixmedinsCode: string;
  accessKey: string; // masked by the server
  status: "active" | "expiring" | "expired" | "revoked";
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const STATUS_COLOUR: Record<GatewayKey["status"], string> = {
  active: "green",
  expiring: "orange",
  expired: "default",
  revoked: "red",
};

/** Every page of the key list (admins see keys of all institutions; few per institution). */
async function allKeys(): Promise<GatewayKey[]> {
  const keys: GatewayKey[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: GatewayKey[]; nextCursor: string | null } = await api(
      `/institution-keys?limit=1000${cursor ? `&cursor=${cursor}` : ""}`,
    );
    keys.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return keys;
}

/** Designated institutions with their gateway keys (masked), each key's status and last use (admin). */
export function InstitutionsPage() {
  const t = useT();
  const [rows, setRows] = useState<(Institution & { keys: GatewayKey[] })[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([api<Institution[]>("/institutions"), allKeys()]).then(
      ([institutions, keys]) =>
        setRows(institutions.map((i) => ({ ...i, keys: keys.filter((k) => k.fixmedinsCode === i.code) }))),
      (e: Error) => setError(e.message),
    );
  }, []);
  return (
    <>
      {error && <div role="alert">{error}</div>}
      <Table
        rowKey="code"
        dataSource={rows}
        pagination={false}
        size="middle"
        columns={[
          {
            title: t("Code"),
            dataIndex: "code",
            render: (v: string) => <Link to={`/institutions/${v}`}>{v}</Link>,
          },
          { title: t("Name"), dataIndex: "name" },
          { title: t("Level"), dataIndex: "level" },
          { title: t("Region"), dataIndex: "region_code" },
          {
            title: t("Gateway keys"),
            key: "keys",
            render: (_: unknown, r: { keys: GatewayKey[] }) =>
              r.keys.length === 0 ? (
                <span>{t("No key")}</span>
              ) : (
                r.keys.map((k) => (
                  <div key={k.id} data-key-id={k.id}>
                    <code>{k.accessKey}</code> <Tag color={STATUS_COLOUR[k.status]}>{t(k.status)}</Tag>
                    {t("Last used")}: {when(k.lastUsedAt) ?? t("never")}
                    {k.status === "expiring" && ` (${t("until")} ${when(k.expiresAt)})`}
                  </div>
                ))
              ),
          },
        ]}
      />
    </>
  );
}

/** An institution's agreement (协议) today: in force, not yet, ended, or the institution deactivated. */
export function agreementState(i: Institution, today: string): "active" | "pending" | "expired" | "inactive" {
  if (!i.active) return "inactive";
  if (today < i.agreement_from) return "pending";
  if (i.agreement_to !== null && today > i.agreement_to) return "expired";
  return "active";
}

const AGREEMENT_COLOUR = { active: "green", pending: "blue", expired: "default", inactive: "red" } as const;

interface AgreementRow {
  id: string;
  agreement_no: string;
  valid_from: string;
  valid_to: string | null;
  scope: string;
  recorded_by: string;
  recorded_at: string;
  last_day: string | null;
  reason: string | null;
  terminated_by: string | null;
  terminated_at: string | null;
}

/** One institution: kind, level, payment method, its agreements and the days it settles on, its settlements. */
export function InstitutionPage({ code }: { code: string }) {
  const t = useT();
  const lang = useLang();
  const [version, setVersion] = useState(0);
  // scoped to the operator's regions on the server: another region's institution is not found
  const { data: i, error } = useResource<Institution & { agreements: AgreementRow[] }>(
    `/institutions/${code}`,
    version,
  );
  const today = beijing(new Date().toISOString()).slice(0, 10); // the Beijing day (core/time)
  return (
    <Loaded error={error} ready={i !== null}>
      {() => {
        const state = agreementState(i!, today);
        return (
          <>
            <Facts
              title={`${i!.name} · ${i!.code}`}
              items={[
                [t("Kind"), label("kind", i!.kind, lang)],
                [t("Level"), label("level", i!.level, lang)],
                [t("Region"), regionLabel(i!.region_code)],
                [t("Payment method"), label("method", i!.payment_method, lang)],
              ]}
            />
            <Facts
              title={t("Agreement")}
              items={[
                [t("Settles on"), `${i!.agreement_from} – ${i!.agreement_to ?? t("open-ended")}`],
                [
                  t("Status"),
                  <Tag key="status" color={AGREEMENT_COLOUR[state]}>
                    {t(`agreement ${state}`)}
                  </Tag>,
                ],
              ]}
            />
            <Agreements code={code} rows={i!.agreements} onChange={() => setVersion((n) => n + 1)} />
            <Card size="small" title={t("Settlements")}>
              <SettlementsOf institutionCode={code} />
            </Card>
          </>
        );
      }}
    </Loaded>
  );
}

/** The institution's service agreements (服务协议); the agency signs, renews and terminates them. */
function Agreements({ code, rows, onChange }: { code: string; rows: AgreementRow[]; onChange: () => void }) {
  const t = useT();
  const agency = ["admin", "agency"].includes(getRole() ?? "");
  const [terminating, setTerminating] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  return (
    <Card
      size="small"
      title={t("Service agreements")}
      style={{ marginBottom: 16 }}
      extra={agency && <Button onClick={() => setSigning(true)}>{t("Sign or renew an agreement")}</Button>}
    >
      <Table<AgreementRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: true }}
        columns={[
          { title: t("Agreement number"), dataIndex: "agreement_no" },
          { title: t("Valid from"), dataIndex: "valid_from" },
          { title: t("Valid to"), dataIndex: "valid_to", render: (v: string | null) => v ?? t("open-ended") },
          { title: t("Services covered"), dataIndex: "scope" },
          {
            title: t("Status"),
            key: "status",
            render: (_: unknown, r) =>
              r.last_day ? (
                <span>
                  <Tag color="red">{t("terminated")}</Tag>
                  {t("Last day in force")} {r.last_day} · {r.reason}
                </span>
              ) : (
                agency && (
                  <Button size="small" danger onClick={() => setTerminating(r.agreement_no)}>
                    {t("Terminate")}
                  </Button>
                )
              ),
          },
          { title: t("Recorded by"), dataIndex: "recorded_by" },
        ]}
      />
      {signing && (
        <AgreementForm
          title={t("Sign or renew an agreement")}
          path={`/institutions/${code}/agreements`}
          fields={["agreementNo", "validFrom", "validTo", "scope"]}
          onClose={(done) => {
            setSigning(false);
            if (done) onChange();
          }}
        />
      )}
      {terminating && (
        <AgreementForm
          title={`${t("Terminate agreement")} ${terminating}`}
          path={`/institutions/${code}/agreements/${encodeURIComponent(terminating)}/terminate`}
          fields={["lastDay", "reason"]}
          onClose={(done) => {
            setTerminating(null);
            if (done) onChange();
          }}
        />
      )}
    </Card>
  );
}

const FIELD_LABELS: Record<string, string> = {
  agreementNo: "Agreement number",
  validFrom: "Valid from",
  validTo: "Valid to",
  scope: "Services covered",
  lastDay: "Last day in force",
  reason: "Reason",
};
const REQUIRED = new Set(["agreementNo", "validFrom", "lastDay", "reason"]);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A modal form that posts its fields; a server refusal naming a field is shown on that field. */
function AgreementForm(props: {
  title: string;
  path: string;
  fields: string[];
  onClose: (done: boolean) => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: Record<string, string | undefined>) => {
    const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ""));
    try {
      await api(props.path, post(body));
      props.onClose(true);
    } catch (e) {
      setError(showOnField(form, e, errorText, props.fields) ? null : errorText(e));
    }
  };
  return (
    <Modal
      open
      title={props.title}
      onCancel={() => props.onClose(false)}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        {props.fields.map((f) => (
          <Form.Item
            key={f}
            name={f}
            label={t(FIELD_LABELS[f]!)}
            extra={/Day|valid/.test(f) ? "yyyy-MM-dd" : undefined}
            rules={[
              { required: REQUIRED.has(f), message: t(FIELD_LABELS[f]!) },
              ...(/Day|valid/.test(f) ? [{ pattern: DAY, message: "yyyy-MM-dd" }] : []),
            ]}
          >
            <Input id={`agreement-${f}`} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
