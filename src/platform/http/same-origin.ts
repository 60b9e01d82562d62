import type { FastifyRequest } from 'fastify';

/**
 * Whether a request comes from one of our own pages (OWASP CSRF cheat sheet, "verifying origin with standard
 * headers"): its Origin, or failing that its Referer, names the desk's public URL or the host the request was sent
 * to. A browser sets both headers itself and a cross-site page cannot forge them; a request carrying neither is
 * refused, since every browser we support sends Origin on POST, PUT, PATCH and DELETE.
 */
export function isSameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const claimed = request.headers.origin ?? request.headers.referer;
  if (!claimed || claimed === 'null') return false;
  let url: URL;
  try {
    url = new URL(claimed);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.origin === new URL(publicUrl).origin) return true;
  // Behind a TLS-terminating proxy the scheme we see is not the browser's, so the host alone is compared here.
  return request.headers.host !== undefined && url.host === request.headers.host.toLowerCase();
}

/** Whether a request carries an Origin or Referer at all; a sign-in without either (curl, scripts) is not a CSRF. */
export function claimsOrigin(request: FastifyRequest): boolean {
  return request.headers.origin !== undefined || request.headers.referer !== undefined;
}

/** Methods that change state and so need CSRF protection when a cookie authenticates them (RFC 9110 §9.2.1). */
export function isUnsafeMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
