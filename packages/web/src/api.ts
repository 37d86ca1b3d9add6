/**
 * A thin client of the Yibao REST API. The operator's token and role live in localStorage, so a
 * deep link opened in a new tab shows the page, not the login (the server keeps only a hash and
 * ends the session after 12 hours, on logout, deactivation or a password change). An insured
 * person's or employer's session is kept apart ("yibao.citizen"), never mixed with an operator's.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Slot = "operator" | "citizen";
const KEYS: Record<Slot, string> = { operator: "yibao.token", citizen: "yibao.citizen" };

export const getToken = (slot: Slot = "operator") => localStorage.getItem(KEYS[slot]);
/** The logged-in operator's role (it decides which pages the menu offers). */
export const getRole = () => localStorage.getItem("yibao.role");
export const getCitizenKind = () => localStorage.getItem("yibao.citizen.kind");

export function setToken(token: string | null, role?: string) {
  if (token) {
    localStorage.setItem(KEYS.operator, token);
    if (role) localStorage.setItem("yibao.role", role);
  } else {
    localStorage.removeItem(KEYS.operator);
    localStorage.removeItem("yibao.role");
  }
}

export function setCitizenToken(token: string | null, kind?: string) {
  if (token) {
    localStorage.setItem(KEYS.citizen, token);
    if (kind) localStorage.setItem("yibao.citizen.kind", kind);
  } else {
    localStorage.removeItem(KEYS.citizen);
    localStorage.removeItem("yibao.citizen.kind");
  }
}

type SessionEnded = (slot: Slot, code: string) => void;
const sessionListeners = new Set<SessionEnded>();

/**
 * Called when the API answers 401 to a request made with a token: the session expired or was
 * ended. The shell goes back to the (right) login page.
 */
export function onSessionEnded(listener: SessionEnded): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

async function call<T>(slot: Slot, path: string, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  const token = getToken(slot);
  if (token) headers.authorization = `Bearer ${token}`;
  // a string body is JSON unless the caller names its type (a CSV file: text/csv)
  if (typeof init.body === "string" && !headers["content-type"]) headers["content-type"] = "application/json";
  const res = await fetch(`/api/v1${path}`, { ...init, headers });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const code = body.code ?? `HTTP_${res.status}`;
    if (res.status === 401 && token) {
      if (slot === "operator") setToken(null);
      else setCitizenToken(null);
      for (const l of sessionListeners) l(slot, code);
    }
    throw new ApiError(code, body.message ?? res.statusText, res.status, body.details ?? {});
  }
  return body as T;
}

export const api = <T>(path: string, init: RequestInit = {}) => call<T>("operator", path, init);
export const citizenApi = <T>(path: string, init: RequestInit = {}) => call<T>("citizen", path, init);

/** JSON body helper: `post("/x", {a: 1})`. */
export const post = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
