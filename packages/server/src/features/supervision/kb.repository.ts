import type { Executor } from "../../db/database.ts";

const LISTED = ["id", "label", "status", "created_by", "created_at", "published_by", "published_at"] as const;

export async function insertKbVersion(
  ex: Executor,
  v: { label: string; files: Record<string, string>; createdBy: string },
) {
  return ex
    .insertInto("audit_kb_versions")
    .values({ label: v.label, status: "draft", files: JSON.stringify(v.files), created_by: v.createdBy })
    .returning(LISTED)
    .executeTakeFirstOrThrow();
}

/** The versions without their files, newest first. */
export async function listKbVersions(ex: Executor) {
  return ex.selectFrom("audit_kb_versions").select(LISTED).orderBy("id", "desc").execute();
}

export async function findKbVersion(ex: Executor, id: bigint, lock = false) {
  let q = ex.selectFrom("audit_kb_versions").selectAll().where("id", "=", id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function publishedKbId(ex: Executor): Promise<bigint | null> {
  const row = await ex
    .selectFrom("audit_kb_versions")
    .select("id")
    .where("status", "=", "published")
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The published version becomes retired and `id` published (one published at a time: a unique index). */
export async function markPublished(ex: Executor, id: bigint, login: string, at: Date) {
  await ex
    .updateTable("audit_kb_versions")
    .set({ status: "retired" })
    .where("status", "=", "published")
    .execute();
  return ex
    .updateTable("audit_kb_versions")
    .set({ status: "published", published_by: login, published_at: at })
    .where("id", "=", id)
    .returning(LISTED)
    .executeTakeFirstOrThrow();
}
