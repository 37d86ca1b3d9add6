import { YibaoError } from "@yibao/core/errors";
import { Type } from "typebox";

/** Cursor paging: the cursor is the last id seen, opaque to clients (base64url). */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

/** A list's order on the server: newest first (desc, the default) or oldest first (asc). */
export const OrderQuery = Type.Object({
  order: Type.Optional(
    Type.Union([Type.Literal("asc"), Type.Literal("desc")], {
      description: "by time: desc newest first (default)",
    }),
  ),
});

export function encodeCursor(id: bigint | string): string {
  return Buffer.from(`id:${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): bigint | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, "base64url").toString();
  const m = /^id:(\d{1,18})$/.exec(text); // at most 18 digits: always within int8
  if (!m) throw new YibaoError("CURSOR_INVALID", "cursor is malformed", { field: "cursor" });
  return BigInt(m[1]!);
}

/** Given limit+1 rows fetched, returns the page and the next cursor. */
export function pageOf<T extends { id: bigint }>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
