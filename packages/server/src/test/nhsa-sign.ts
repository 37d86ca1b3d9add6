import { hmacSignature } from "../features/nhsa/hmac.ts";

/**
 * The gateway headers a HIS sends in the HMAC variant, signed with an institution's key: what a
 * test needs to call a gateway in "hmac" mode. Each call stamps its own time, so two messages
 * signed at different milliseconds are two header sets (the gateway accepts each set once).
 */
export function signedHeaders(
  key: { accessKey: string; secret: string },
  at: Date | number,
  api: { name?: string; version?: string } = {},
): Record<string, string> {
  const headers = {
    _api_name: api.name ?? "hsa.fsi.psn",
    _api_version: api.version ?? "1.0.0",
    _api_timestamp: String(typeof at === "number" ? at : at.getTime()),
    _api_access_key: key.accessKey,
  };
  return { ...headers, _api_signature: hmacSignature(key.secret, headers) };
}
