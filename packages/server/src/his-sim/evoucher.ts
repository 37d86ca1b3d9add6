import type { Transport } from "./his-client.ts";

/**
 * An insured person's app, as his-sim plays it for patients who show an e-voucher (mdtrt_cert_type
 * 01): signs in to the online services once (POST /api/v1/selfservice/codes, then /login with the
 * one-time code) and asks for a fresh e-voucher (POST /api/v1/selfservice/e-voucher) before each
 * visit: over the public REST API only, never from the database. `codeOf` reads the one-time code
 * where the demo delivers it (the server's log; a test's delivery).
 */
export function eVoucherSource(
  transport: Transport,
  credential: string,
  codeOf: (credential: string) => Promise<string>,
): () => Promise<string> {
  const json = { "content-type": "application/json" };
  const post = async (path: string, body: unknown, headers: Record<string, string> = json) => {
    const r = await transport(`/api/v1/selfservice/${path}`, JSON.stringify(body ?? {}), headers);
    if (r.status >= 300) throw new Error(`selfservice/${path}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
    return JSON.parse(r.body) as Record<string, string>;
  };
  let session: Promise<string> | undefined;
  const signIn = async () => {
    await post("codes", { kind: "insured", credential });
    const code = await codeOf(credential);
    return (await post("login", { kind: "insured", credential, code })).token!;
  };
  return async () => {
    session ??= signIn().catch((err) => {
      session = undefined; // the next visit signs in again
      throw err;
    });
    const token = await session;
    return (await post("e-voucher", {}, { ...json, authorization: `Bearer ${token}` })).token!;
  };
}
