import { Button, Input, Space, Table, Tag } from "antd";
import { useCallback, useEffect, useState } from "react";
import { api } from "../api.ts";
import { useT } from "../i18n.ts";

interface Flow {
  payer: string;
  payee: string;
  settlements: number;
  amount: string;
}

interface Statement {
  id: string;
  month: string;
  region_a: string;
  region_b: string;
  a_to_b: Flow;
  b_to_a: Flow;
  net_amount: string;
  net_payer: string | null;
  net_payee: string | null;
  status: "issued" | "confirmed" | "paid";
}

interface Item {
  setl_id: string;
  kind: "settle" | "reverse";
  setl_time: string;
  fixmedins_code: string | null;
  payer: string;
  amount: string;
}

const COLOUR: Record<Statement["status"], string> = { issued: "blue", confirmed: "orange", paid: "green" };
const flowText = (f: Flow) => `${f.payer} → ${f.payee}: ${f.amount} (${f.settlements})`;

/** The settlements behind a statement's figures (first 200). */
function StatementItems({ id }: { id: string }) {
  const t = useT();
  const [items, setItems] = useState<Item[]>([]);
  useEffect(() => {
    api<{ items: Item[] }>(`/clearing/statements/${id}/settlements?limit=200`).then((p) => setItems(p.items));
  }, [id]);
  return (
    <Table<Item>
      rowKey="setl_id"
      size="small"
      dataSource={items}
      pagination={false}
      columns={[
        { title: "setl_id", dataIndex: "setl_id" },
        { title: t("Kind"), dataIndex: "kind" },
        { title: t("Time"), dataIndex: "setl_time" },
        { title: t("Institutions"), dataIndex: "fixmedins_code" },
        { title: t("Payer"), dataIndex: "payer" },
        { title: t("Amount"), dataIndex: "amount" },
      ]}
    />
  );
}

/** Inter-region clearing statements of a month (docs/regions.md): issue, confirm, mark paid. */
export function ClearingPage() {
  const t = useT();
  const [month, setMonth] = useState("2026-02");
  const [rows, setRows] = useState<Statement[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api<Statement[]>(`/clearing/statements?month=${month}`).then(setRows, (e: Error) =>
        setError(e.message),
      ),
    [month],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const act = (path: string, body?: object) =>
    api(path, { method: "POST", ...(body ? { body: JSON.stringify(body) } : {}) }).then(
      () => {
        setError(null);
        return load();
      },
      (e: Error) => setError(e.message),
    );
  return (
    <>
      {error && <div role="alert">{error}</div>}
      <Space style={{ marginBottom: 16 }}>
        <Input
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          style={{ width: 120 }}
          aria-label="month"
        />
        <Button onClick={() => act("/clearing/statements", { month })}>{t("Issue statements")}</Button>
      </Space>
      <Table<Statement>
        rowKey="id"
        dataSource={rows}
        pagination={false}
        expandable={{ expandedRowRender: (s) => <StatementItems id={s.id} /> }}
        columns={[
          { title: t("Month"), dataIndex: "month" },
          { title: t("Regions"), render: (_, s) => `${s.region_a} / ${s.region_b}` },
          { title: "A → B", render: (_, s) => flowText(s.a_to_b) },
          { title: "B → A", render: (_, s) => flowText(s.b_to_a) },
          {
            title: t("Net"),
            render: (_, s) => (s.net_payer ? `${s.net_payer} → ${s.net_payee}: ${s.net_amount}` : "0.00"),
          },
          { title: t("Status"), render: (_, s) => <Tag color={COLOUR[s.status]}>{t(s.status)}</Tag> },
          {
            title: "",
            render: (_, s) =>
              s.status === "issued" ? (
                <Button onClick={() => act(`/clearing/statements/${s.id}/confirm`)}>{t("Confirm")}</Button>
              ) : s.status === "confirmed" ? (
                <Button onClick={() => act(`/clearing/statements/${s.id}/paid`, {})}>{t("Mark paid")}</Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}
