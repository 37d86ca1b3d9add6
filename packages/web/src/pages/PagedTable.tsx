import type { TableColumnsType as ColumnsType } from "antd";
import { Alert, Button, Table } from "antd";
import { useCallback, useEffect, useState } from "react";
import { type Page, api } from "../api.ts";
import { useErrorText, useT } from "../i18n.ts";

/**
 * A table over a cursor-paged list endpoint ({items, nextCursor}): filters go to the server in
 * `path`'s query, pages come from the server ("load more" asks for the next one).
 */
export function PagedTable<T extends object>({
  path,
  columns,
  rowKey,
  pageSize = 50,
}: {
  path: string;
  columns: ColumnsType<T>;
  rowKey: string;
  pageSize?: number;
}) {
  const t = useT();
  const errorText = useErrorText();
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const load = useCallback(
    async (after: string | null) => {
      const sep = path.includes("?") ? "&" : "?";
      setLoading(true);
      try {
        const page = await api<Page<T>>(`${path}${sep}limit=${pageSize}${after ? `&cursor=${after}` : ""}`);
        setRows((r) => (after ? [...r, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (e) {
        setError(errorText(e));
      } finally {
        setLoading(false);
      }
    },
    [path, pageSize, errorText],
  );
  useEffect(() => {
    void load(null);
  }, [load]);
  return (
    <>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Table<T>
        rowKey={rowKey}
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        size="middle"
        scroll={{ x: "max-content" }}
      />
      {cursor && (
        <Button style={{ marginTop: 12 }} onClick={() => load(cursor)}>
          {t("Load more")}
        </Button>
      )}
    </>
  );
}
