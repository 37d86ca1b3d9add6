import { Card, Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { api } from "../api.ts";
import { when as beijing } from "../format.ts";
import { useLang, useT } from "../i18n.ts";
import { label, regionLabel } from "../labels.ts";
import { Link } from "../router.ts";
import { Facts, Loaded, useResource } from "./common.tsx";
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

/** One institution: kind, level, payment method, its agreement's validity and status, its settlements. */
export function InstitutionPage({ code }: { code: string }) {
  const t = useT();
  const lang = useLang();
  // the list endpoint is scoped to the operator's regions; an institution outside them is not found
  const { data, error } = useResource<Institution[]>("/institutions");
  const i = data?.find((x) => x.code === code) ?? null;
  const today = beijing(new Date().toISOString()).slice(0, 10); // the Beijing day (core/time)
  return (
    <Loaded error={error ?? (data && !i ? `${t("Not found")}: ${code}` : null)} ready={i !== null}>
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
                [t("Valid from"), i!.agreement_from],
                [t("Valid to"), i!.agreement_to ?? "—"],
                [
                  t("Status"),
                  <Tag key="status" color={AGREEMENT_COLOUR[state]}>
                    {t(`agreement ${state}`)}
                  </Tag>,
                ],
              ]}
            />
            <Card size="small" title={t("Settlements")}>
              <SettlementsOf institutionCode={code} />
            </Card>
          </>
        );
      }}
    </Loaded>
  );
}
