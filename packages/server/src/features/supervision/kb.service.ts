import type { KnowledgeBase } from "@yibao/core/audit";
import { YibaoError } from "@yibao/core/errors";
import { type Actor, recordAudit } from "../../audit/audit.ts";
import type { Db, Executor } from "../../db/database.ts";
import { knowledgeBaseFromTexts } from "../audit/kb-dir.ts";
import { findKbVersion, insertKbVersion, markPublished, publishedKbId } from "./kb.repository.ts";

/**
 * The audit knowledge base as versioned data: a version is imported as a draft (the contract's
 * CSV files, checked by loading them), tried on past claims (an audit job of kind "trial"), then
 * published; one version is published at a time. Versions never change once stored, so a loaded
 * one is kept per process like the reference data: a 3101/3102 call or a settlement pays one
 * indexed lookup for the published id, not a load.
 */
const loaded = new Map<bigint, KnowledgeBase>();
const KEEP = 8; // versions kept loaded (the published one and a few drafts on the test bench)

export async function knowledgeBaseOf(ex: Executor, id: bigint): Promise<KnowledgeBase> {
  const cached = loaded.get(id);
  if (cached) return cached;
  const row = await findKbVersion(ex, id);
  if (!row) throw new YibaoError("NOT_FOUND", `No knowledge-base version ${id}`, { field: "kbVersionId" });
  const kb = knowledgeBaseFromTexts(row.files);
  if (loaded.size >= KEEP) loaded.delete(loaded.keys().next().value!);
  loaded.set(id, kb);
  return kb;
}

/** The published knowledge base, or SUP_KB_NONE. */
export async function publishedKnowledgeBase(ex: Executor): Promise<{ id: bigint; kb: KnowledgeBase }> {
  const id = await publishedKbId(ex);
  if (id === null) throw new YibaoError("SUP_KB_NONE");
  return { id, kb: await knowledgeBaseOf(ex, id) };
}

/** Stores a draft version after loading it (AUDIT_KB_INVALID names the file, row and field). */
export async function importKbVersion(
  db: Db,
  actor: Actor,
  input: { label: string; files: Record<string, string> },
) {
  knowledgeBaseFromTexts(input.files);
  return db.transaction().execute(async (trx) => {
    const v = await insertKbVersion(trx, { ...input, createdBy: actor.login });
    await recordAudit(trx, actor, {
      action: "supervision.kb.import",
      entity: "audit_kb_versions",
      entityId: v.id,
      after: { label: input.label, files: Object.keys(input.files).sort() },
    });
    return v;
  });
}

export async function publishKbVersion(db: Db, actor: Actor, id: bigint, now: Date) {
  return db.transaction().execute(async (trx) => {
    const v = await findKbVersion(trx, id, true);
    if (!v) throw new YibaoError("NOT_FOUND", `No knowledge-base version ${id}`, { field: "id" });
    if (v.status !== "draft") throw new YibaoError("SUP_KB_STATE", undefined, { status: v.status });
    const before = await publishedKbId(trx);
    const published = await markPublished(trx, id, actor.login, now);
    await recordAudit(trx, actor, {
      action: "supervision.kb.publish",
      entity: "audit_kb_versions",
      entityId: id,
      before: { published: before },
      after: { published: id },
    });
    return published;
  });
}
