/** A thin client of the Yibao REST API; the token lives in sessionStorage (gone with the tab). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem("yibao.token");
}

/** The logged-in operator's role, kept with the token (it decides which pages the menu offers). */
export function getRole(): string | null {
  return sessionStorage.getItem("yibao.role");
}

export function setToken(token: string | null, role?: string) {
  if (token) {
    sessionStorage.setItem("yibao.token", token);
    if (role) sessionStorage.setItem("yibao.role", role);
  } else {
    sessionStorage.removeItem("yibao.token");
    sessionStorage.removeItem("yibao.role");
  }
}

type SessionEnded = (code: string) => void;
const sessionListeners = new Set<SessionEnded>();

/**
 * Called when the API answers 401 to a request made with a token: the session expired or was
 * ended (logout elsewhere, deactivation, password change). The shell goes back to the login page.
 */
export function onSessionEnded(listener: SessionEnded): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body) headers["content-type"] = "application/json";
  const res = await fetch(`/api/v1${path}`, { ...init, headers });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const code = body.code ?? `HTTP_${res.status}`;
    if (res.status === 401 && token) {
      setToken(null);
      for (const l of sessionListeners) l(code);
    }
    throw new ApiError(code, body.message ?? res.statusText, res.status);
  }
  return body as T;
}
