import type { TableColumnsType as ColumnsType } from "antd";
import { Alert, Button, Table } from "antd";
import { useCallback, useEffect, useState } from "react";
import { type Page, api } from "../api.ts";
import { useErrorText, useT } from "../i18n.ts";

/**
 * A table over a cursor-paged list endpoint ({items, nextCursor}): filters go to the server in
 * `path`'s query, pages come from the server ("load more" asks for the next one). With
 * `orderBy` (a column's dataIndex) that column sorts on the server: `order=asc|desc` of the
 * endpoint (newest first by default), each click a new first page.
 */
export function PagedTable<T extends object>({
  path: base,
  columns,
  rowKey,
  pageSize = 50,
  orderBy,
}: {
  path: string;
  columns: ColumnsType<T>;
  rowKey: string;
  pageSize?: number;
  orderBy?: string;
}) {
  const t = useT();
  const errorText = useErrorText();
  const [order, setOrder] = useState<"asc" | "desc">("desc");
  const path = orderBy && order === "asc" ? `${base}${base.includes("?") ? "&" : "?"}order=asc` : base;
  const shown = orderBy
    ? columns.map((c) =>
        "dataIndex" in c && c.dataIndex === orderBy
          ? {
              ...c,
              sorter: true,
              sortOrder: order === "asc" ? ("ascend" as const) : ("descend" as const),
              sortDirections: ["descend" as const, "ascend" as const, "descend" as const],
            }
          : c,
      )
    : columns;
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
        columns={shown}
        onChange={(_p, _f, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          if (orderBy && one) setOrder(one.order === "ascend" ? "asc" : "desc");
        }}
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
