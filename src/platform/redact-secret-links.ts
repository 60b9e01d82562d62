/** What a secret part of a link becomes in what we keep. */
export const REDACTED = '[redacted]';

// A URL runs to the first space, quote, angle bracket or full-width closing punctuation of a Chinese sentence.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`，。；：！？）】」]+/g;
// A path segment that is a token rather than a word: long, from the token alphabets, with a digit in it.
const TOKEN_SEGMENT = /^(?=[^/]*\d)[A-Za-z0-9._~%+=-]{16,}$/;

/**
 * The text with the secrets of its links taken out: every query value (reset, verification and freeze tokens all
 * travel as `?token=`), every fragment, and every path segment that looks like a token (a status link's
 * `/status/…`). What is kept still shows which page a mail pointed to. Linear in the text: one pass of a pattern
 * without nested repetition, and splitting.
 */
export function redactSecretLinks(text: string): string {
  return text.replace(URL_PATTERN, redactUrl);
}

function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const schemeEnd = base.indexOf('://') + 3;
  const pathAt = base.indexOf('/', schemeEnd);
  const origin = pathAt === -1 ? base : base.slice(0, pathAt);
  const path = pathAt === -1 ? '' : base.slice(pathAt).split('/').map((s) => (TOKEN_SEGMENT.test(s) ? REDACTED : s)).join('/');
  const query =
    queryAt === -1
      ? ''
      : `?${beforeHash
          .slice(queryAt + 1)
          .split('&')
          .map((pair) => {
            const eq = pair.indexOf('=');
            return eq === -1 ? (pair ? REDACTED : pair) : `${pair.slice(0, eq)}=${REDACTED}`;
          })
          .join('&')}`;
  return `${origin}${path}${query}${hashAt === -1 ? '' : `#${REDACTED}`}`;
}
