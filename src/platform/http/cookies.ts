/** The value of one cookie in a Cookie request header (RFC 6265 §5.4), or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

export type CookieOptions = { maxAgeSeconds: number; secure: boolean };

/**
 * A Set-Cookie value for a credential: HttpOnly so page scripts never see it, SameSite=Lax so other sites'
 * subrequests and form posts do not carry it, Path=/ for the whole console, Secure whenever the desk is served
 * over https.
 */
export function credentialCookie(name: string, value: string, opts: CookieOptions): string {
  return [`${name}=${value}`, 'Path=/', `Max-Age=${opts.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(opts.secure ? ['Secure'] : [])].join('; ');
}
