import { Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { api } from "../api.ts";
import { useT } from "../i18n.ts";
import { when as beijing } from "../format.ts";

const when = (iso: string | null) => (iso ? beijing(iso) : null);

interface Institution {
  code: string;
  name: string;
  level: string;
  region_code: string;
  payment_method: string;
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
          { title: t("Code"), dataIndex: "code" },
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
