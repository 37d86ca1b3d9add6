import { Button, Table } from "antd";
import type { TableColumnsType as ColumnsType } from "antd";
import { useCallback, useEffect, useState } from "react";
import { api } from "../api.ts";
import { useT } from "../i18n.ts";

/** A table over a cursor-paged list endpoint ({items, nextCursor}). */
export function PagedTable<T extends object>({
  path,
  columns,
  rowKey,
}: {
  path: string;
  columns: ColumnsType<T>;
  rowKey: string;
}) {
  const t = useT();
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (after: string | null) => {
      const sep = path.includes("?") ? "&" : "?";
      try {
        const page = await api<{ items: T[]; nextCursor: string | null }>(
          `${path}${sep}limit=50${after ? `&cursor=${after}` : ""}`,
        );
        setRows((r) => (after ? [...r, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [path],
  );
  useEffect(() => {
    void load(null);
  }, [load]);
  return (
    <>
      {error && <div role="alert">{error}</div>}
      <Table<T> rowKey={rowKey} columns={columns} dataSource={rows} pagination={false} size="middle" />
      {cursor && (
        <Button style={{ marginTop: 12 }} onClick={() => load(cursor)}>
          {t("Load more")}
        </Button>
      )}
    </>
  );
}
