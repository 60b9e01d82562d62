import { randomBytes } from 'node:crypto';
import PostalMime from 'postal-mime';
import type { Db } from '../../platform/db/connect.ts';
import { waitFor } from '../../platform/testing/test-database.ts';
import type { TestDesk } from '../../platform/testing/test-desk.ts';
import { hashPassword } from '../password-hash.ts';

/** A password every policy rule accepts (length, common list, zxcvbn). */
export const CUSTOMER_PASSWORD = 'violet kettle harbour 42 sings';

export type Answer = { status: number; body: any; headers: Headers };
export type RequestOptions = {
  json?: unknown;
  headers?: Record<string, string>;
  /** null sends no X-CSRF-Token; a string sends that one instead of the browser's. */
  csrf?: string | null;
  /** null sends no Origin; a string sends that one instead of the desk's. */
  origin?: string | null;
};

let browsers = 0;

/**
 * A browser as far as the desk can tell: it keeps its cookies (wd_csrf, wd_device, wd_account), fetches the CSRF
 * token before its first unsafe request, sends it and our Origin, and a user agent of its own (so two instances
 * are two devices). `request` takes paths under /api/v1/account ("/me") or absolute ones ("/api/v1/…").
 */
export class CustomerBrowser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  userAgent: string;
  /** Sent as X-Forwarded-For on every request, for tests through a trusted proxy. */
  forwardedFor: string | undefined;

  constructor(readonly base: string, opts: { userAgent?: string; forwardedFor?: string } = {}) {
    browsers += 1;
    // Chrome 130 on Windows, each instance with a build number of its own.
    this.userAgent = opts.userAgent ?? `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.${browsers}.0 Safari/537.36`;
    this.forwardedFor = opts.forwardedFor;
  }

  static of(t: TestDesk, opts: { userAgent?: string; forwardedFor?: string } = {}): CustomerBrowser {
    return new CustomerBrowser(`http://127.0.0.1:${t.desk.httpPort}`, opts);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async csrf(): Promise<string> {
    const r = await this.request('GET', '/csrf');
    this.csrfToken = r.body.token as string;
    return this.csrfToken;
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Answer> {
    const unsafe = !['GET', 'HEAD'].includes(method);
    if (unsafe && opts.csrf === undefined && !this.csrfToken) await this.csrf();
    const headers = new Headers(opts.headers);
    headers.set('user-agent', this.userAgent);
    if (this.forwardedFor) headers.set('x-forwarded-for', this.forwardedFor);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const origin = opts.origin === undefined ? this.base : opts.origin;
    if (origin !== null && unsafe) headers.set('origin', origin);
    const csrf = opts.csrf === undefined ? this.csrfToken : opts.csrf;
    if (csrf && unsafe) headers.set('x-csrf-token', csrf);
    if (opts.json !== undefined) headers.set('content-type', 'application/json');
    const url = this.base + (path.startsWith('/api/') ? path : `/api/v1/account${path}`);
    const res = await fetch(url, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      if (/max-age=0(;|$)/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: the raw text is the body
    }
    return { status: res.status, body, headers: res.headers };
  }

  signUp(email: string, password = CUSTOMER_PASSWORD, locale?: 'zh-CN' | 'en') {
    return this.request('POST', '/signup', { json: { email, password, ...(locale ? { locale } : {}) } });
  }

  signIn(email: string, password = CUSTOMER_PASSWORD, code?: string) {
    return this.request('POST', '/login', { json: { email, password, ...(code === undefined ? {} : { code }) } });
  }
}

/** An address no other test uses, in this run or an earlier one (Redis keeps counters across runs). */
export function uniqueEmail(prefix = 'customer'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@customer.test`;
}

/** A customer signed up through the API and signed in, in a browser of their own; the email is not verified. */
export async function signUpAndSignIn(t: TestDesk, opts: { email?: string; password?: string; locale?: 'zh-CN' | 'en'; browser?: CustomerBrowser } = {}) {
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? CUSTOMER_PASSWORD;
  const browser = opts.browser ?? CustomerBrowser.of(t);
  const up = await browser.signUp(email, password, opts.locale);
  if (up.status !== 201) throw new Error(`sign-up failed: ${up.status} ${JSON.stringify(up.body)}`);
  const inn = await browser.signIn(email, password);
  if (inn.status !== 200) throw new Error(`sign-in failed: ${inn.status} ${JSON.stringify(inn.body)}`);
  return { accountId: inn.body.id as number, email, password, browser };
}

/** An account written straight to the database, for service-level tests; no mail, no sign-in. */
export async function createAccountDirect(db: Db, opts: { email?: string; password?: string; locale?: 'zh-CN' | 'en'; verified?: boolean } = {}) {
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? CUSTOMER_PASSWORD;
  const now = Date.now();
  const row = await db
    .insertInto('accounts')
    .values({
      email,
      password_hash: await hashPassword(password),
      locale: opts.locale ?? 'en',
      email_verified_at: opts.verified ? now : null,
      password_changed_at: now,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email, password };
}

/** The newest mail the relay received for `to` whose subject matches, decoded (text part). */
export async function waitForMail(t: TestDesk, to: string, subject: RegExp, ms = 10_000): Promise<{ subject: string; text: string; raw: string }> {
  return waitFor(async () => {
    for (const mail of [...t.relay.mails].reverse()) {
      if (!mail.to.includes(to)) continue;
      const parsed = await PostalMime.parse(mail.raw);
      if (subject.test(parsed.subject ?? '')) return { subject: parsed.subject ?? '', text: parsed.text ?? '', raw: mail.raw };
    }
    return undefined;
  }, ms, `a mail to ${to} matching ${subject}`);
}

/** The token of the `/account/{page}?token=…` link in a mail text. */
export function linkToken(text: string, page: 'verify' | 'reset' | 'freeze'): string {
  const match = new RegExp(`/account/${page}\\?token=([A-Za-z0-9_.%-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no /account/${page} link in the mail`);
  return decodeURIComponent(match[1]);
}
