import { createHash, randomBytes } from "node:crypto";
import { YibaoError, fieldError } from "@yibao/core/errors";
import { sql } from "kysely";
import { displayTime } from "@yibao/core/time";
import type { Executor } from "../../db/database.ts";
import { type Handler, obj, text } from "./context.ts";
import { uploadedBytes } from "./upload-file.ts";

/** How long an uploaded file can be named by its file_qury_no (dld_endtime). */
export const FILE_TTL_MS = 24 * 3600_000;
const FILENAME_MAX = 200;
/**
 * What one institution may upload in 24 hours (bytes): a day's detail files are a few hundred KB;
 * this keeps a hostile or looping HIS from filling the database.
 */
export const UPLOAD_BYTES_PER_DAY = 64 * 1024 * 1024;

/**
 * 9101 file upload (文件上传): the HIS sends a file (`fsUploadIn {in, filename, fixmedins_code}`)
 * and names it afterwards by the answer's file_qury_no (3202 detail reconciliation). The number
 * is random (not guessable), and a file is its sender's: `fixmedins_code`, when sent, must be the
 * sender's own. Once per msgid, as every write.
 */
export const uploadFile: Handler = async (ex, call) => {
  const f = obj(call.req.input.fsUploadIn, "fsUploadIn");
  const at = "input.fsUploadIn";
  const code = text(f, "fixmedins_code", at, false);
  if (code && code !== call.fixmedins)
    throw fieldError("FIELD_INVALID", `${at}.fixmedins_code`, "fixmedins_code is not the sender's");
  const filename = fileName(f, at);
  const content = uploadedBytes(f.in);
  await withinQuota(ex, call.fixmedins, content.length, call.now);
  const fileQuryNo = `F${randomBytes(15).toString("hex")}`;
  const expires = new Date(call.now.getTime() + FILE_TTL_MS);
  await ex
    .insertInto("nhsa_files")
    .values({
      file_qury_no: fileQuryNo,
      fixmedins_code: call.fixmedins,
      filename,
      content,
      bytes: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
      msgid: call.req.msgid,
      uploaded_at: call.now,
      expires_at: expires,
    })
    .execute();
  return { file_qury_no: fileQuryNo, filename, dld_endtime: displayTime(expires) };
};

/** Refuses an upload that would take the sender past UPLOAD_BYTES_PER_DAY in the last 24 hours. */
async function withinQuota(ex: Executor, fixmedins: string, bytes: number, now: Date) {
  const since = new Date(now.getTime() - 24 * 3600_000);
  const r = await ex
    .selectFrom("nhsa_files")
    .select([
      sql<string>`coalesce(sum(bytes), 0)`.as("used"),
      sql<Date | null>`min(uploaded_at)`.as("oldest"),
    ])
    .where("fixmedins_code", "=", fixmedins)
    .where("uploaded_at", ">", since)
    .executeTakeFirstOrThrow();
  if (Number(r.used) + bytes <= UPLOAD_BYTES_PER_DAY) return;
  const oldest = r.oldest ? new Date(r.oldest).getTime() : now.getTime();
  const retryAfter = Math.max(1, Math.ceil((oldest + 24 * 3600_000 - now.getTime()) / 1000));
  throw new YibaoError("NHSA_RATE_LIMITED", "This institution uploaded its files' share of the day", {
    field: "input.fsUploadIn.in",
    retryAfter,
  });
}

function fileName(f: Record<string, unknown>, at: string): string {
  const v = f.filename;
  if (typeof v !== "string" || v.trim() === "")
    throw fieldError("FIELD_REQUIRED", `${at}.filename`, "filename is required");
  // a name, never a path: it is kept and shown, and no file of the server is named by it
  const unsafe = [...v].some((c) => c.charCodeAt(0) < 0x20 || c === "\u007f" || c === "/" || c === "\\");
  if (v.length > FILENAME_MAX || unsafe)
    throw fieldError(
      "FIELD_INVALID",
      `${at}.filename`,
      `filename must be a name of at most ${FILENAME_MAX} characters`,
    );
  return v;
}

/**
 * The content of the sender's file named `fileQuryNo`, while it may be named. Another
 * institution's number, an expired one and an unknown one get the same refusal.
 */
export async function ownFile(ex: Executor, fixmedins: string, fileQuryNo: string, now: Date, field: string) {
  const row = await ex
    .selectFrom("nhsa_files")
    .select(["content", "filename"])
    .where("file_qury_no", "=", fileQuryNo)
    .where("fixmedins_code", "=", fixmedins)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (!row)
    throw fieldError(
      "FIELD_INVALID",
      field,
      "No file of this institution has this file_qury_no (or it expired)",
    );
  return { content: new Uint8Array(row.content), filename: row.filename };
}
