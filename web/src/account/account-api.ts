import { api, ApiError, setCsrfToken } from '../shared/api.ts';

const base = '/api/v1/account';
let csrfReady: Promise<void> | undefined;

/**
 * The account API binds its CSRF token to this browser's `wd_csrf` cookie: fetched once per page load and sent
 * on every unsafe call (shared/api.ts adds the header). This page never loads the console, so the one token slot
 * in shared/api.ts belongs to the security center here.
 */
function ensureCsrf(): Promise<void> {
  csrfReady ??= api<{ token: string }>(`${base}/csrf`).then(
    ({ token }) => setCsrfToken(token),
    (err: unknown) => {
      csrfReady = undefined;
      throw err;
    },
  );
  return csrfReady;
}

const signedOutListeners = new Set<() => void>();

/** Called when any call finds the session gone (revoked elsewhere, expired, frozen by a link). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** One call; a 401 means the session is gone, which every listener hears of. */
async function call<T>(path: string, init: RequestInit & { json?: unknown }): Promise<T> {
  try {
    return await api<T>(base + path, init);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && err.code === 'unauthorized') for (const listener of signedOutListeners) listener();
    throw err;
  }
}

export async function accountApi<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  // The token is fetched with the page's first call, but only unsafe calls wait for it: a GET needs none.
  const csrf = ensureCsrf();
  if (['GET', 'HEAD'].includes((init.method ?? 'GET').toUpperCase())) csrf.catch(() => {});
  else await csrf;
  try {
    return await call<T>(path, init);
  } catch (err) {
    // The cookie the token was bound to can expire while the page stays open: fetch a fresh pair once.
    if (!(err instanceof ApiError && err.status === 403 && err.code === 'csrf_failed')) throw err;
    csrfReady = undefined;
    await ensureCsrf();
    return call<T>(path, init);
  }
}

export type Me = { id: string; email: string; locale: string; email_verified: boolean };

export type Hold = { status: 'allowed' | 'held' | 'frozen'; until?: string; reason?: string };

export type Security = {
  score: number;
  email_verified: boolean;
  two_factor: { totp: boolean; sms: boolean; recovery_codes_left: number };
  hold: Hold;
  phrase_set: boolean;
  frozen: boolean;
  next_steps: string[];
};

export type RecoveryCodes = { recovery_codes: string[] };
