/** An API answer that was not 2xx, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

/** The console keeps the token from its session; every state-changing call sends it back. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  if (!safeMethods.has(method) && csrfToken) headers.set('x-csrf-token', csrfToken);
  let res: Response;
  try {
    res = await fetch(path, { ...init, method, headers, body, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : 'network error');
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const err = (parsed ?? {}) as { error?: string; message?: string };
    throw new ApiError(res.status, err.error ?? `http_${res.status}`, err.message ?? (res.statusText || `HTTP ${res.status}`), parsed);
  }
  return parsed as T;
}

/** A short line for the person at the screen: which call failed and why, never a stack. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return `network error: ${err.message}`;
    if (err.status === 404 && err.code === 'not_found' && err.message.startsWith('no route')) {
      return `not available on this server yet (${err.message})`;
    }
    return `${err.status} ${err.code}: ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
