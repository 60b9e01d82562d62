/** One `method=result` entry of an Authentication-Results header, with its `ptype.property=value` pairs. */
export type AuthResultEntry = {
  method: string;
  result: string;
  /** Keys lower-cased (`smtp.mailfrom`, `header.from`, `reason`, …); values unquoted. */
  props: Record<string, string>;
};

export type ParsedAuthResults = {
  /** Lower-cased; RFC 8601 §2.5 makes it a domain-like name, compared without regard to case. */
  authservId: string;
  /** The `i=` of an ARC-Authentication-Results header (RFC 8617 §4.1.1); null for Authentication-Results. */
  instance: number | null;
  results: AuthResultEntry[];
};

const PLACEHOLDER = '\u0001';

/**
 * Splits a header value at `;`, dropping CFWS comments (nested, with quoted-pairs; RFC 5322 §3.2.2) and keeping
 * quoted strings whole, their blanks protected so a later split on whitespace cannot cut them. A comment can
 * never contribute a token: "(dkim=pass)" is prose, not a result.
 */
function segments(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '\\' && (depth > 0 || quoted)) {
      if (quoted) current += (value.charAt(i + 1) || '').replace(/\s/, PLACEHOLDER);
      i++;
      continue;
    }
    if (depth > 0) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      continue;
    }
    if (quoted) {
      if (c === '"') quoted = false;
      else current += /\s/.test(c) ? PLACEHOLDER : c;
      continue;
    }
    if (c === '(') {
      depth = 1;
      current += ' ';
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out.map((s) => s.trim());
}

function tokens(segment: string): string[] {
  return segment
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.replaceAll(PLACEHOLDER, ' '));
}

/**
 * Parses the value of an Authentication-Results (RFC 8601 §2.2) or ARC-Authentication-Results (RFC 8617 §4.1.1)
 * header. Returns null when the value has no usable authserv-id, e.g. Microsoft 365's headers that start
 * straight with `spf=…`: a header that names no authenticating host cannot be attributed to a trusted one.
 */
export function parseAuthResults(value: string, kind: 'ar' | 'aar' = 'ar'): ParsedAuthResults | null {
  const parts = segments(value.replace(/\r?\n/g, ''));
  let instance: number | null = null;
  if (kind === 'aar') {
    const m = /^i\s*=\s*(\d{1,3})$/i.exec(parts.shift() ?? '');
    if (!m) return null;
    instance = Number(m[1]);
  }
  const head = tokens(parts.shift() ?? '');
  const authservId = head[0]?.toLowerCase();
  // An authserv-id is a value token (RFC 2045 §5.1), optionally followed by a numeric version; anything with '='
  // is a result the header started with in place of the id.
  if (!authservId || authservId.includes('=') || head.length > 2 || (head[1] !== undefined && !/^\d+$/.test(head[1]))) return null;

  const results: AuthResultEntry[] = [];
  for (const part of parts) {
    const [first, ...rest] = tokens(part);
    if (!first) continue;
    // `none` alone says no method was evaluated (RFC 8601 §2.2 no-result).
    const m = /^([a-z0-9_-]+)(?:\/\d+)?=([a-z0-9_-]+)$/i.exec(first);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const t of rest) {
      const eq = t.indexOf('=');
      if (eq <= 0) continue;
      const key = t.slice(0, eq).toLowerCase();
      if (!(key in props)) props[key] = t.slice(eq + 1);
    }
    results.push({ method: (m[1] as string).toLowerCase(), result: (m[2] as string).toLowerCase(), props });
  }
  return { authservId, instance, results };
}
