/** A thin client of the Yibao REST API; the token lives in sessionStorage (gone with the tab). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem("yibao.token");
}

export function setToken(token: string | null) {
  if (token) sessionStorage.setItem("yibao.token", token);
  else sessionStorage.removeItem("yibao.token");
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body) headers["content-type"] = "application/json";
  const res = await fetch(`/api/v1${path}`, { ...init, headers });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body.code ?? "HTTP_" + res.status, body.message ?? res.statusText);
  return body as T;
}
