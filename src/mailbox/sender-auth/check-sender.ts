import {
  arc as verifyArc,
  authenticate,
  dkimVerify,
  dmarc as verifyDmarc,
  type ARCData,
  type ARCResult,
  type DKIMResult,
  type DKIMVerifyResult,
  type DNSResolver,
} from 'mailauth';
import { parseAuthResults, type ParsedAuthResults } from './authentication-results.ts';
import type { Resolver } from './dns-resolver.ts';

/**
 * Our words for a result, RFC 8601 §2.7's vocabulary minus `policy` (see `word`). Every method uses the same
 * set so the console and the API can show them uniformly.
 */
export type AuthResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror';

export type SenderAuth = {
  spf: AuthResult;
  dkim: AuthResult;
  dmarc: AuthResult;
  arc: AuthResult;
  /**
   * True unless DMARC passed for the From domain. An unverified sender can never drive an account action.
   *
   * DMARC `none` (the From domain publishes no DMARC record) counts as unverified. Without a record nothing
   * binds the visible From domain to an authenticated identifier: RFC 7489 §6.6.3 ends DMARC processing there,
   * SPF authenticates only the envelope domain (RFC 7208 §2.4) and DKIM only its own d= (RFC 6376 §6.1), and the
   * domain owner has told receivers nothing about which of them speak for its mail. Treating an aligned
   * signature as proof anyway would be our guess, not the domain's statement; the cost of the strict rule is
   * only that such a customer is sent to the authenticated portal, while the cost of a wrong "verified" is a
   * stolen account. The rule looks at the result, never at the policy: p=none/quarantine/reject and pct= say what
   * the domain asks receivers to do with failures, not whether this message authenticated, so p=none with an
   * aligned pass is verified and p=reject with a failure is not. temperror is unverified too (re-check later).
   */
  unverified_sender: boolean;
  /** Lower-cased domain of the single RFC5322.From address, null when there is not exactly one (with a domain). */
  header_from_domain: string | null;
  /** Set when the check itself broke (a bug, not the mail); every result is then permerror. */
  error?: string;
};

export type CheckSenderInput = {
  /** Connecting client's IP for SMTP input; null for mail fetched over IMAP, where we never saw the client. */
  ip: string | null;
  helo: string | null;
  /** RFC5321.MailFrom as given in the SMTP envelope ('' for the null reverse-path of a bounce). */
  mailFrom: string;
  resolver: Resolver;
  /**
   * authserv-ids (RFC 8601 §2.5) of the upstream host(s) that received the mail from the Internet before it was
   * put in the IMAP mailbox. Only consulted when ip is null.
   */
  trustedAuthservIds?: string[];
};

/** Our authserv-id in the comments mailauth writes; nothing reads it back. */
const AUTHSERV_ID = 'walletdesk';

const WORDS: readonly AuthResult[] = ['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror'];

/**
 * Maps a result word (mailauth's, or one read from an upstream Authentication-Results header) onto ours.
 * - `policy` → fail: RFC 8601 §2.7.1 uses it for a signature that verified but is "not acceptable to the ADMD"
 *   (mailauth: a key below minBitLength). What we refuse to accept must not look better than a failure.
 * - `hardfail` → fail: the RFC 4408-era name of SPF fail (RFC 8601 Appendix C keeps it as a legacy alias).
 * - `temperr`/`permerr` → temperror/permerror: short spellings some implementations (and mailauth's types) use.
 * - `skipped` (mailauth, a check not attempted) → none.
 * - anything else → neutral, which RFC 8601 §2.7.1 reserves for "other failures not covered elsewhere".
 */
export function word(result: string | undefined | null): AuthResult {
  const w = (result ?? 'none').toLowerCase();
  if ((WORDS as readonly string[]).includes(w)) return w as AuthResult;
  if (w === 'policy' || w === 'hardfail') return 'fail';
  if (w === 'temperr') return 'temperror';
  if (w === 'permerr') return 'permerror';
  if (w === 'skipped') return 'none';
  return 'neutral';
}

/**
 * One DKIM signature's result. mailauth says `neutral` for several different things; we split them by its
 * comment, since they mean different things for a support desk:
 * - body hash mismatch → fail: the body changed after signing (RFC 6376 §6.1.3 "body hash did not verify" is a
 *   PERMFAIL of the signature itself — exactly what tampering looks like).
 * - expired / expiry before signing time → fail: the signature's own x= rejects it (RFC 6376 §3.5).
 * - no key, revoked or malformed key, unknown key type/version → permerror: the signature cannot be checked and
 *   asking again will not change that (RFC 6376 §6.1.2).
 * - a pass whose l= leaves part of the body unsigned → fail: anyone can append text after the signed part
 *   (RFC 6376 §8.2), and for us the appended part is what a customer "said".
 */
function dkimSignatureWord(r: DKIMResult): AuthResult {
  const { result, comment, underSized } = r.status;
  if (result === 'pass') return underSized ? 'fail' : 'pass';
  if (result === 'neutral') {
    const c = (comment ?? '').toLowerCase();
    if (c.includes('body hash did not verify') || c.includes('expired') || c.includes('invalid expiration')) return 'fail';
    if (/no key|unknown key|invalid public key/.test(c)) return 'permerror';
    return 'neutral';
  }
  return word(result);
}

/**
 * One word for all signatures. Any valid signature authenticates its d= (signatures are evaluated independently,
 * RFC 6376 §6.1, and DMARC needs only one aligned pass, RFC 7489 §4.2), so pass wins. Then temperror, because a
 * re-check could still produce that pass; then fail, the most specific evidence of tampering; then the rest.
 */
const DKIM_PRECEDENCE: readonly AuthResult[] = ['pass', 'temperror', 'fail', 'permerror', 'neutral', 'softfail', 'none'];

function combine(words: AuthResult[]): AuthResult {
  for (const w of DKIM_PRECEDENCE) if (words.includes(w)) return w;
  return 'none';
}

type HeaderLine = { key: string | null; line: unknown };

function headerLines(dkim: DKIMVerifyResult): HeaderLine[] {
  return (dkim.headers?.parsed ?? []) as HeaderLine[];
}

/** The unfolded value of a header line (mailauth keeps lines as binary Buffers). */
function headerValue(h: HeaderLine): string {
  const line = Buffer.isBuffer(h.line) ? h.line.toString('latin1') : String(h.line);
  const colon = line.indexOf(':');
  return (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n(?=[ \t])/g, '');
}

function dkimWord(dkim: DKIMVerifyResult): { word: AuthResult; passingDomains: { id?: string; domain: string; aligned?: boolean }[] } {
  const real = dkim.results.filter((r) => r.signingDomain !== undefined);
  const words = real.map(dkimSignatureWord);
  // A DKIM-Signature that mailauth could not parse (bad a=, no d= or s=, …) yields no result at all; it is still a
  // signature that failed to verify (RFC 6376 §6.1.1, PERMFAIL "signature syntax error").
  const headers = headerLines(dkim).filter((h) => h.key === 'dkim-signature').length;
  if (headers > real.length) words.push('permerror');
  const passingDomains = real
    .filter((r) => dkimSignatureWord(r) === 'pass')
    .map((r) => ({ id: r.id, domain: r.signingDomain, aligned: r.status.aligned as boolean | undefined }));
  return { word: words.length ? combine(words) : 'none', passingDomains };
}

/** The From domain DMARC is about, or null when RFC 7489 §6.6.1's "exactly one author" does not hold. */
function fromDomain(dkim: DKIMVerifyResult): string | null {
  if (dkim.headerFrom.length !== 1) return null;
  const address = (dkim.headerFrom[0] ?? '').trim();
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).trim().toLowerCase().replace(/\.$/, '') : '';
  return /^[^\s@;,<>()[\]"\\]+\.[^\s@;,<>()[\]"\\]+$/u.test(domain) ? domain : null;
}

function domainOf(identity: string | undefined): string | null {
  if (!identity) return null;
  const d = identity.slice(identity.lastIndexOf('@') + 1).trim().toLowerCase().replace(/^<|>$/g, '').replace(/\.$/, '');
  return d.includes('.') ? d : null;
}

/**
 * DMARC (RFC 7489 §4.2): pass when SPF passed for an aligned envelope domain or a DKIM signature of an aligned
 * d= passed. Evaluated by us in both paths so both use the same DKIM judgement (an l= signature with appended
 * text does not count) and the same From rules. ARC is deliberately not a way to pass (RFC 8617 §7.2 leaves
 * trusting a sealer's word to local policy; a forwarder's claim cannot vouch for a customer).
 */
async function evaluateDmarc(
  headerFrom: string | null,
  spf: { word: AuthResult; domain: string | null },
  dkimPassing: { id?: string; domain: string; aligned?: boolean }[],
  arcResult: ARCResult | undefined,
  resolver: DNSResolver,
): Promise<AuthResult> {
  // No From, several authors, or a From without a usable domain: RFC 5322 §3.6 requires exactly one, and
  // DMARC has no single domain to evaluate, so the message can never pass (permanent: re-checking won't help).
  if (!headerFrom) return 'permerror';
  const result = await verifyDmarc({
    headerFrom,
    spfDomains: spf.word === 'pass' && spf.domain ? [spf.domain] : [],
    dkimDomains: dkimPassing,
    ...(arcResult ? { arcResult } : {}),
    resolver,
  });
  return result ? word(result.status.result) : 'permerror';
}

/** Names of DNS lookups that failed transiently (not "no such record"), to tell a dead resolver from a bad seal. */
function recordingResolver(resolver: Resolver): { resolver: DNSResolver; transientFailures: Set<string> } {
  const transientFailures = new Set<string>();
  const wrapped = async (name: string, rrtype: string) => {
    try {
      return await resolver(name, rrtype);
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (code !== 'ENOTFOUND' && code !== 'ENODATA') transientFailures.add(`${name.toLowerCase()} ${rrtype}`);
      throw err;
    }
  };
  return { resolver: wrapped as DNSResolver, transientFailures };
}

/**
 * ARC's own results are pass/fail/none (RFC 8617 §4.4). mailauth reports a seal whose key could not be fetched
 * as fail; when that key lookup failed transiently the honest answer is temperror.
 */
function arcWord(arcResult: ARCResult | undefined, transientFailures: Set<string>): AuthResult {
  if (!arcResult) return 'none';
  const w = word(arcResult.status.result);
  if (w !== 'fail') return w;
  if (arcResult.signature && word(arcResult.signature.status.result) === 'temperror') return 'temperror';
  // `chain` is false (not an array) when the ARC headers could not even be assembled into sets.
  for (const entry of Array.isArray(arcResult.chain) ? arcResult.chain : []) {
    const seal = entry['arc-seal']?.parsed;
    const name = `${String(seal?.s?.value ?? '')}._domainkey.${String(seal?.d?.value ?? '')}`.toLowerCase();
    if (transientFailures.has(`${name} TXT`)) return 'temperror';
  }
  return w;
}

/**
 * What a trusted upstream said, for IMAP input.
 *
 * Authentication-Results: the topmost header whose authserv-id is trusted, and only that one. Hosts prepend
 * trace headers, so the topmost trusted one is the last thing our upstream wrote; every header below it was
 * already in the message when it arrived, including any a sender wrote claiming the upstream's name. RFC 8601
 * §5 requires a border MTA to delete such forgeries, but we do not depend on it: a lower header is never read,
 * even when the topmost trusted one lacks a method (it then counts as not evaluated). Headers of untrusted
 * authserv-ids are ignored entirely (RFC 8601 §7.1: anyone can write one).
 *
 * ARC-Authentication-Results is used only when no trusted Authentication-Results exists (hosts such as Microsoft
 * 365 write their A-R without an authserv-id but name themselves in the AAR), and only the newest instance, only
 * when our own ARC validation passed: then the seal proves the trusted sealer wrote that AAR (RFC 8617 §5.2).
 */
function trustedUpstream(headers: HeaderLine[], trusted: Set<string>, arcPass: boolean, arcInstance: number): ParsedAuthResults | null {
  if (trusted.size === 0) return null;
  for (const h of headers) {
    if (h.key !== 'authentication-results') continue;
    const parsed = parseAuthResults(headerValue(h), 'ar');
    if (parsed && trusted.has(parsed.authservId)) return parsed;
  }
  if (!arcPass) return null;
  for (const h of headers) {
    if (h.key !== 'arc-authentication-results') continue;
    const parsed = parseAuthResults(headerValue(h), 'aar');
    if (parsed && parsed.instance === arcInstance) return trusted.has(parsed.authservId) ? parsed : null;
  }
  return null;
}

function allErrors(error: string): SenderAuth {
  return { spf: 'permerror', dkim: 'permerror', dmarc: 'permerror', arc: 'permerror', unverified_sender: true, header_from_domain: null, error };
}

/**
 * SPF, DKIM, DMARC and ARC of one inbound message. Never throws for anything in the message or the DNS: a broken
 * message gives none/permerror, an unreachable resolver temperror.
 *
 * SMTP input (ip known): mailauth's authenticate with the connecting IP, HELO and MAIL FROM. Any
 * Authentication-Results already in the message came from outside and are ignored (we are the border, RFC 8601
 * §5).
 *
 * IMAP input (ip null): SPF is a property of the SMTP connection the upstream saw, so it comes from the upstream's
 * header (see trustedUpstream); checking it against any IP we could dig out of Received lines would test a
 * forger's text. DKIM and ARC need no connection and are verified here; DMARC is then evaluated here from the
 * upstream's SPF identity and our own DKIM result. The upstream's dkim= and dmarc= words are not used: a pass
 * must rest on a signature we verified or on the one fact only the upstream could observe.
 */
export async function checkSender(raw: Buffer, input: CheckSenderInput): Promise<SenderAuth> {
  const { resolver, transientFailures } = recordingResolver(input.resolver);
  try {
    let dkim: DKIMVerifyResult;
    let spf: { word: AuthResult; domain: string | null };
    let arcResult: ARCResult | undefined;

    if (input.ip) {
      const res = await authenticate(raw, {
        ip: input.ip,
        ...(input.helo ? { helo: input.helo } : {}),
        // '' is the null reverse-path; mailauth then checks postmaster@HELO (RFC 7208 §2.4).
        sender: input.mailFrom,
        mta: AUTHSERV_ID,
        resolver,
        trustReceived: false,
        // DMARC is evaluated below with our DKIM judgement; BIMI is a logo, not authentication.
        disableDmarc: true,
        disableBimi: true,
      });
      dkim = res.dkim;
      arcResult = res.arc || undefined;
      spf = res.spf ? { word: word(res.spf.status.result), domain: domainOf(res.spf.domain) } : { word: 'none', domain: null };
    } else {
      dkim = await dkimVerify(raw, { resolver, ...(input.mailFrom ? { sender: input.mailFrom } : {}) });
      const arcData = (dkim as DKIMVerifyResult & { arc?: ARCData }).arc;
      arcResult = arcData ? await verifyArc(arcData, { resolver }) : undefined;
      const trusted = new Set((input.trustedAuthservIds ?? []).map((id) => id.trim().toLowerCase()).filter(Boolean));
      const arcPass = arcResult?.status.result === 'pass';
      const upstream = trustedUpstream(headerLines(dkim), trusted, arcPass, Number(arcResult?.i || 0));
      const entry = upstream?.results.find((r) => r.method === 'spf');
      // Nothing trusted said anything about SPF: "none", no SPF result, as RFC 8601 §2.7.2 uses it.
      spf = entry ? { word: word(entry.result), domain: domainOf(entry.props['smtp.mailfrom']) } : { word: 'none', domain: null };
    }

    const d = dkimWord(dkim);
    const headerFrom = fromDomain(dkim);
    const dmarc = await evaluateDmarc(headerFrom, spf, d.passingDomains, arcResult, resolver);
    return {
      spf: spf.word,
      dkim: d.word,
      dmarc,
      arc: arcWord(arcResult, transientFailures),
      unverified_sender: dmarc !== 'pass',
      header_from_domain: headerFrom,
    };
  } catch (err) {
    // mailauth reports DNS and message problems as results, so reaching here is a bug; fail closed.
    return allErrors(err instanceof Error ? err.message : String(err));
  }
}
