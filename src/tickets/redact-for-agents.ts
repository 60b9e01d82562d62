import type { Db } from '../platform/db/connect.ts';

/**
 * What agents see in place of a customer's secrets with us. The anti-phishing phrase proves a mail is ours, and a
 * signed link (status page, freeze, password reset, email verification) acts as the customer: an agent who could
 * read either could phish that customer or act as them, so neither reaches the console, the API or the outbound log.
 */
export const PHRASE_MARKER = '[anti-phishing phrase]';
export const LINK_MARKERS = {
  status: '[status link]',
  freeze: '[freeze link]',
  reset: '[password reset link]',
  verify: '[verification link]',
  signed: '[signed link]',
} as const;

// A URL runs to the first space, quote, angle bracket or full-width punctuation of a Chinese sentence.
const URL = /\bhttps?:\/\/[^\s<>"'`，。；：！？）】」]+/gi;
// A status token on its own (signStatusToken's shape), e.g. pasted without its link.
const STATUS_TOKEN = /(?<![A-Za-z0-9_.-])[0-9a-z]{1,12}\.[0-9a-z]{1,12}\.[0-9a-z]{1,12}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
// The banner compose-mail.ts puts on top of our mail, in either language and either colon: it names the phrase
// even after the customer changed it, when the current phrase would no longer match an old mail.
const BANNER_TEXT = /(Your anti-phishing phrase|您的防钓鱼码)[ \t]*([:：])[^\n]*/gi;
// In HTML the line also ends at a tag; the phrase's own `<` is escaped there.
const BANNER_HTML = /(Your anti-phishing phrase|您的防钓鱼码)[ \t]*([:：])[^\n<]*/gi;
// Query parameters that carry a credential in the links we (or anyone) mail.
const SECRET_PARAM = /[?&](?:amp;)?(?:token|sig|signature|key|code|otp)=/i;

function linkMarker(url: string): string | undefined {
  const pathAndQuery = url.replace(/^https?:\/\/[^/?#]*/i, '');
  if (/^(?:\/[^?#]*)?\/status\/[^/?#\s]{8,}/.test(pathAndQuery)) return LINK_MARKERS.status;
  if (!SECRET_PARAM.test(pathAndQuery)) return undefined;
  if (/\/account\/freeze\b/i.test(pathAndQuery)) return LINK_MARKERS.freeze;
  if (/\/account\/reset\b/i.test(pathAndQuery)) return LINK_MARKERS.reset;
  if (/\/account\/verify\b/i.test(pathAndQuery)) return LINK_MARKERS.verify;
  return LINK_MARKERS.signed;
}

// Only the syntax characters: in a `u` pattern any other escaped character is an error.
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A pattern for the phrase as it may appear in HTML: each character as itself or as any character reference
 * (`&amp;`, `&#38;`, `&#x26;`), any run of white space as any run of spaces or `&nbsp;`. Each alternative starts
 * differently, so matching stays linear.
 */
function htmlPhrasePattern(phrase: string): RegExp {
  const named: Record<string, string[]> = { '&': ['&amp;'], '<': ['&lt;'], '>': ['&gt;'], '"': ['&quot;'], "'": ['&apos;'], '\u00a0': ['&nbsp;'] };
  const parts: string[] = [];
  let inSpace = false;
  for (const ch of phrase) {
    if (/\s/u.test(ch)) {
      if (!inSpace) parts.push('(?:\\s|&nbsp;|&#0*(?:9|10|13|32|160);|&#x0*(?:9|a|d|20|a0);)+');
      inSpace = true;
      continue;
    }
    inSpace = false;
    const cp = ch.codePointAt(0) as number;
    const forms = [escapeRegExp(ch), `&#0*${cp};`, `&#x0*${cp.toString(16)};`, ...(named[ch] ?? [])];
    parts.push(`(?:${forms.join('|')})`);
  }
  return new RegExp(parts.join(''), 'giu');
}

function textPhrasePattern(phrase: string): RegExp {
  return new RegExp(
    [...phrase.trim()].map((ch) => (/\s/u.test(ch) ? '\\s+' : escapeRegExp(ch))).join('').replace(/(?:\\s\+)+/g, '\\s+'),
    'giu',
  );
}

function redactLinks(s: string): string {
  return s.replace(URL, (url) => linkMarker(url) ?? url).replace(STATUS_TOKEN, LINK_MARKERS.status);
}

/** Plain text as agents may see it: no phrase, no signed link. */
export function redactTextForAgents(text: string, phrases: readonly string[]): string {
  let out = redactLinks(text).replace(BANNER_TEXT, (_m, label: string, colon: string) => `${label}${colon} ${PHRASE_MARKER}`);
  for (const phrase of phrases) if (phrase.trim()) out = out.replace(textPhrasePattern(phrase), PHRASE_MARKER);
  return out;
}

/** HTML as agents may see it: the phrase in any character-reference spelling, and signed links, replaced. */
export function redactHtmlForAgents(html: string, phrases: readonly string[]): string {
  let out = redactLinks(html).replace(BANNER_HTML, (_m, label: string, colon: string) => `${label}${colon} ${PHRASE_MARKER}`);
  for (const phrase of phrases) if (phrase.trim()) out = out.replace(htmlPhrasePattern(phrase.trim()), PHRASE_MARKER);
  return out;
}

/** The phrases set by the contacts of these addresses: what must not reach an agent in mail to or from them. */
export async function phrasesOf(db: Db, addresses: Iterable<string>): Promise<string[]> {
  const emails = [...new Set([...addresses].map((a) => a.trim().toLowerCase()).filter(Boolean))];
  if (emails.length === 0) return [];
  const rows = await db.selectFrom('contacts').select('anti_phishing_phrase').where('email', 'in', emails).where('anti_phishing_phrase', 'is not', null).execute();
  // Longest first, so a phrase that contains another is replaced whole.
  return rows.map((r) => r.anti_phishing_phrase as string).sort((a, b) => b.length - a.length);
}
