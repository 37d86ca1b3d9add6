import { closeSync, openSync, readSync, statSync } from "node:fs";
import { maskIdNumber } from "@yibao/core/pii";
import type { Transport } from "./his-client.ts";

/** Runs one task at a time, in the order asked (the sign-ins that read one code log). */
export type Serialiser = <T>(task: () => Promise<T>) => Promise<T>;

export function serialiser(): Serialiser {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => {});
    return run;
  };
}

/**
 * An insured person's app, as his-sim plays it for patients who show an e-voucher (mdtrt_cert_type
 * 01): signs in to the online services once (POST /api/v1/selfservice/codes, then /login with the
 * one-time code) and asks for a fresh e-voucher (POST /api/v1/selfservice/e-voucher) before each
 * visit: over the public REST API only, never from the database. `codeOf` reads the one-time code
 * where the demo delivers it (the server's log: `logCodeReader`; a test's delivery). Sign-ins that
 * share a `signIn` serialiser run one at a time (a code read from a log is the one just sent).
 */
export function eVoucherSource(
  transport: Transport,
  credential: string,
  codeOf: (credential: string) => Promise<string>,
  signIn: Serialiser = (task) => task(),
): () => Promise<string> {
  const json = { "content-type": "application/json" };
  const post = async (path: string, body: unknown, headers: Record<string, string> = json) => {
    const r = await transport(`/api/v1/selfservice/${path}`, JSON.stringify(body ?? {}), headers);
    if (r.status >= 300) throw new Error(`selfservice/${path}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
    return JSON.parse(r.body) as Record<string, string>;
  };
  let session: Promise<string> | undefined;
  const signInOnce = () =>
    signIn(async () => {
      await post("codes", { kind: "insured", credential });
      const code = await codeOf(credential);
      return (await post("login", { kind: "insured", credential, code })).token!;
    });
  return async () => {
    session ??= signInOnce().catch((err) => {
      session = undefined; // the next visit signs in again
      throw err;
    });
    const token = await session;
    return (await post("e-voucher", {}, { ...json, authorization: `Bearer ${token}` })).token!;
  };
}

/** The demo server's log line of a one-time code (`logDelivery`, features/selfservice/citizen-login.ts). */
const CODE_LINE = "demo: one-time sign-in code";

/**
 * The phone's side of the demo's "SMS": the one-time codes the demo server (`yibao serve --demo`)
 * prints to its log (JSON lines), read from that log file as it grows. A code is the newest line
 * for the credential as the server masks it (`to`: maskIdNumber) written since the reader last
 * read; it waits up to `waitMs` for the line. Use with a serialiser, so two sign-ins whose masked
 * credentials look alike never read each other's code.
 */
export function logCodeReader(file: string, waitMs = 5000): (credential: string) => Promise<string> {
  let offset = statSync(file).size; // codes sent before the reader began are not ours
  let partial = "";
  const readNew = () => {
    const size = statSync(file).size;
    if (size < offset) offset = 0; // the log was rotated or truncated
    if (size === offset) return [];
    const buf = Buffer.alloc(size - offset);
    const fd = openSync(file, "r");
    try {
      readSync(fd, buf, 0, buf.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const text = partial + buf.toString("utf8");
    const lines = text.split("\n");
    partial = lines.pop() ?? "";
    return lines;
  };
  return async (credential) => {
    const masked = maskIdNumber(credential.toUpperCase());
    const deadline = Date.now() + waitMs;
    for (;;) {
      let code: string | undefined;
      for (const line of readNew()) {
        if (!line.includes(CODE_LINE)) continue;
        try {
          const entry = JSON.parse(line) as { msg?: string; to?: string; oneTimeCode?: string };
          if (entry.msg === CODE_LINE && entry.to === masked && entry.oneTimeCode) code = entry.oneTimeCode;
        } catch {
          // not a JSON line (the server's start-up banner): not a code
        }
      }
      if (code) return code;
      if (Date.now() >= deadline)
        throw new Error(`no one-time code for ${masked} in ${file} within ${waitMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
}
