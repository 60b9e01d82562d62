import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import { hasNonAscii, skeleton } from './lookalike-letters.ts';

export type ChannelKind = 'email' | 'domain' | 'url';
export type ChannelVerdict = 'official' | 'not_official' | 'invalid';
export type ChannelReason =
  | 'support_address'
  | 'official_domain'
  | 'official_subdomain'
  | 'lookalike_letters'
  | 'lookalike_name'
  | 'hidden_destination'
  | 'hidden_characters'
  | 'obfuscated_host'
  | 'extra_recipients'
  | 'prefilled_content'
  | 'not_support_address'
  | 'unsupported_scheme'
  | 'unknown'
  | 'malformed';

export type ChannelCheck = {
  verdict: ChannelVerdict;
  kind: ChannelKind;
  /** What was really checked: lower case, trailing dots gone, international names in their punycode (xn--) form. */
  normalized: string;
  reason: ChannelReason;
  /** The official domain or address the input imitates, when it imitates one. */
  imitates: string | null;
  advice_en: string;
  advice_zh: string;
};

/** Our own channels: the support address and its aliases; their domains and the public URL's host. */
export type OfficialChannels = { supportAddress: string; addresses: string[]; domains: string[] };

export function officialChannelsOf(supportAddress: string, aliases: string[], publicUrl: string): OfficialChannels {
  const addresses = [...new Set([supportAddress, ...aliases].map((a) => normalizeEmail(a)).filter((a): a is string => !!a))];
  const domains = new Set(addresses.map((a) => a.slice(a.lastIndexOf('@') + 1)));
  const publicHost = hostOfUrl(publicUrl);
  if (publicHost) domains.add(publicHost);
  return { supportAddress, addresses, domains: [...domains] };
}

/**
 * Is this address, domain or link really ours? Scams impersonate wallet support with look-alike names
 * (walletdesk-support.com), letters from other alphabets (Cyrillic "е" in wallеtdesk), our name as a subdomain of
 * theirs (walletdesk.local.evil.com) and links whose real host hides behind a user name
 * (https://walletdesk.local@evil.com). We compare exactly what a browser or mail server would use: the punycode
 * host after IDNA mapping, never the text as it looks.
 */
export function checkChannel(input: string, official: OfficialChannels): ChannelCheck {
  const text = input.normalize('NFC').trim().replace(/^<(.*)>$/s, '$1').trim();
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  const guessKind: ChannelKind =
    scheme === 'mailto' ? 'email' : scheme ? 'url' : text.includes('@') && !/[/\\]/.test(text) ? 'email' : /[/:\\]/.test(text) ? 'url' : 'domain';
  if (INVISIBLE.test(text)) return result('not_official', guessKind, visibleForm(text), 'hidden_characters', null, official);
  if (!text || text.length > 2048 || /[\s\u0000-\u001f\u007f]/.test(text)) return invalid(guessKind, text, official);

  if (guessKind === 'email') return scheme === 'mailto' ? checkMailto(text.slice('mailto:'.length), true, official) : checkMailto(text, false, official);
  if (guessKind === 'url') return checkUrl(scheme ? text : `https://${text}`, official);
  const host = normalizeDomain(text);
  return host ? verdictForHost(host, 'domain', host, official, typedHost(text)) : invalid('domain', text, official);
}

/** A URI scheme ("https:", "mailto:"), but not a host followed by its port ("walletdesk.local:443"). */
const SCHEME = /^([a-z][a-z0-9+.-]*):(?!\d+(?:[/?#]|$))/i;

/**
 * Characters that show as nothing or reorder the text around them (zero-width spaces and joiners, soft hyphens,
 * bidi overrides, byte-order marks, variation selectors, Hangul fillers): "wallet\u200bdesk.local" reads as our name
 * but is not the name any program resolves the same way, so it can never be one of ours.
 */
const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0\ufe00-\ufe0f]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

function visibleForm(text: string): string {
  return text.replace(INVISIBLE_ALL, (ch) => `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`).slice(0, 200).toLowerCase();
}

/** A host as the reader sees it: lower case, trailing dots gone, nothing mapped yet. */
function typedHost(text: string): string {
  return text.trim().toLowerCase().replace(/\.+$/, '');
}

// Links, addresses and domain names in a prefilled subject or body: our own links never carry any.
const LINK_LIKE = /:\/\/|www\.|@|[\p{L}\p{N}-]\.(?:[a-z]{2,}|xn--)|\b(?:javascript|data|vbscript|mailto|file):|%[0-9a-f]{2}/iu;

/**
 * A mailto link or a bare address. A mailto link is ours only when its one recipient is ours and it carries nothing
 * else that changes where the mail goes or what it says: no cc, bcc or further to= recipients (also comma-,
 * semicolon- or %2C-separated ones), no other header fields, no links or addresses in the subject or body (a
 * scam's "write to support, and paste your key at https://…"). `decode`: mailto links are percent-encoded, bare
 * addresses are taken as written.
 */
function checkMailto(raw: string, decode: boolean, official: OfficialChannels): ChannelCheck {
  const cut = raw.search(/[?#]/);
  const path = cut < 0 ? raw : raw.slice(0, cut);
  const query = cut < 0 ? '' : raw.slice(cut + 1);
  const unescape = (v: string): string | undefined => {
    if (!decode) return v;
    // RFC 6068: "+" is itself in a mailto link (support+tag@…), not a space as in a form.
    try {
      return decodeURIComponent(v);
    } catch {
      return undefined;
    }
  };
  const recipients: string[] = [];
  const addRecipients = (value: string | undefined) => {
    if (value === undefined) return false;
    recipients.push(...value.split(/[,;]/).map((a) => a.trim()).filter(Boolean));
    return true;
  };
  if (!addRecipients(unescape(path))) return invalid('email', raw, official);

  let copies = false;
  let extraContent = cut >= 0 && raw[cut] === '#';
  if (!extraContent && query) {
    for (const pair of query.split(/[&;]/)) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const name = unescape(eq < 0 ? pair : pair.slice(0, eq))?.trim().toLowerCase();
      const value = unescape(eq < 0 ? '' : pair.slice(eq + 1));
      if (name === undefined || value === undefined) return invalid('email', raw, official);
      if (name === 'to') addRecipients(value);
      else if (name === 'cc' || name === 'bcc') copies ||= value.trim() !== '';
      else if (name === 'subject' || name === 'body') extraContent ||= LINK_LIKE.test(value);
      // Any other header (reply-to, from, in-reply-to…) is something our own links never set.
      else extraContent = true;
    }
  }
  if (!decode && (query || cut >= 0)) extraContent = true;

  if (recipients.length === 0) return invalid('email', raw, official);
  const shown = recipients.map((r) => normalizeEmail(r) ?? r.toLowerCase()).join(', ');
  if (copies || recipients.length > 1) return result('not_official', 'email', shown, 'extra_recipients', null, official);
  const verdict = checkEmail(recipients[0]!, official);
  if (verdict.verdict === 'official' && extraContent) return result('not_official', 'email', verdict.normalized, 'prefilled_content', null, official);
  return verdict;
}

function checkEmail(raw: string, official: OfficialChannels): ChannelCheck {
  const address = normalizeEmail(raw);
  if (!address) return invalid('email', raw, official);
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  const typedDomain = typedHost(raw.slice(raw.lastIndexOf('@') + 1));
  if (official.addresses.includes(address) && !looksDifferent(typedDomain, domain)) return result('official', 'email', address, 'support_address', null, official);
  const seen = `${skeleton(raw.slice(0, raw.lastIndexOf('@')))}@${skeleton(domainToUnicode(domain))}`;
  const imitated = official.addresses.find((a) => skeleton(a) === seen);
  if (imitated && (hasNonAscii(raw) || domain.includes('xn--') || seen !== address)) {
    return result('not_official', 'email', address, 'lookalike_letters', imitated, official);
  }
  if (isOfficialHost(domain, official) && !looksDifferent(typedDomain, domain)) {
    return result('not_official', 'email', address, 'not_support_address', official.supportAddress, official);
  }
  return verdictForHost(domain, 'email', address, official, typedDomain);
}

function checkUrl(raw: string, official: OfficialChannels): ChannelCheck {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  // Browsers read "\" as "/", other link parsers (mail filters, chat apps) as part of a user name or host: a link
  // that means different sites to different programs is nobody's official link.
  if (raw.includes('\\')) return result('not_official', 'url', url?.href ?? raw.slice(0, 200).toLowerCase(), 'hidden_destination', null, official);
  if (!url) return invalid('url', raw, official);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return result('not_official', 'url', url.href, 'unsupported_scheme', null, official);
  const host = url.hostname.replace(/\.+$/, '').toLowerCase();
  if (!host) return invalid('url', raw, official);
  // Everything before "@" in a link is a user name, not the site: https://walletdesk.local@evil.com opens evil.com.
  const authority = /^[a-z][a-z0-9+.-]*:\/*([^/?#]*)/i.exec(raw)?.[1] ?? '';
  if (url.username || url.password || authority.includes('@')) return result('not_official', 'url', url.href, 'hidden_destination', null, official);
  // The host as written, without its port: when it is plain ASCII it must already be the host the browser uses.
  // Percent-encoding (%77alletdesk), a number for an IP (2130706433, 0x7f.1) or any other rewriting is a disguise.
  const typed = typedHost(authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.replace(/:\d*$/, ''));
  if (!hasNonAscii(typed) && typed !== host) return result('not_official', 'url', url.href, 'obfuscated_host', null, official);
  return verdictForHost(host, 'url', url.href, official, typed);
}

/**
 * Whether the name as typed differs from the one it resolves to by more than case and trailing dots: fullwidth
 * letters (ｗalletdesk), ideographic full stops (walletdesk。local) and other characters that IDNA quietly maps to
 * our ASCII name. Only an official name written exactly (in its ASCII or its own Unicode form) is official.
 */
function looksDifferent(typed: string | undefined, host: string): boolean {
  return typed !== undefined && hasNonAscii(typed) && typed !== domainToUnicode(host);
}

function verdictForHost(host: string, kind: ChannelKind, normalized: string, official: OfficialChannels, typed?: string): ChannelCheck {
  if (looksDifferent(typed, host)) {
    const imitated = official.domains.find((d) => host === d || host.endsWith(`.${d}`));
    if (imitated) return result('not_official', kind, normalized, 'lookalike_letters', imitated, official);
  }
  if (kind !== 'email') {
    if (official.domains.includes(host)) return result('official', kind, normalized, 'official_domain', null, official);
    if (isOfficialHost(host, official)) return result('official', kind, normalized, 'official_subdomain', null, official);
  }
  const shown = skeleton(domainToUnicode(host) || host);
  const imitatedExactly = official.domains.find((d) => shown === skeleton(d) || shown.endsWith(`.${skeleton(d)}`));
  if (imitatedExactly && (shown !== host || host.includes('xn--'))) return result('not_official', kind, normalized, 'lookalike_letters', imitatedExactly, official);
  const imitatedName = official.domains.find((d) => brandLabels(d).some((label) => shown.includes(label)));
  if (imitatedName) return result('not_official', kind, normalized, 'lookalike_name', imitatedName, official);
  return result('not_official', kind, normalized, 'unknown', null, official);
}

function isOfficialHost(host: string, official: OfficialChannels): boolean {
  return official.domains.some((d) => host === d || (!isIP(d) && host.endsWith(`.${d}`)));
}

/**
 * The distinctive label of an official domain, the one its owner registered ("walletdesk" of help.walletdesk.local,
 * "bitpai" of bitpai.com.cn), which impostors put into names of their own.
 */
function brandLabels(domain: string): string[] {
  if (isIP(domain)) return [];
  const labels = domain.split('.');
  // Country domains with a generic second level (com.cn, co.uk, com.hk) register one label further left.
  const generic = labels.length >= 3 && /^[a-z]{2}$/.test(labels.at(-1) as string) && /^(com|co|net|org|gov|edu|ac)$/.test(labels.at(-2) as string);
  const brand = labels.at(generic ? -3 : -2);
  return brand && brand.length >= 4 ? [skeleton(brand)] : [];
}

/** Lower case, trailing dots dropped, IDNA-mapped to punycode; undefined when it is no domain name. */
export function normalizeDomain(raw: string): string | undefined {
  const trimmed = raw.trim().replace(/\.+$/, '').toLowerCase();
  if (!trimmed || trimmed.length > 253) return undefined;
  if (isIP(trimmed.replace(/^\[(.*)\]$/, '$1'))) return trimmed;
  const ascii = domainToASCII(trimmed);
  if (!ascii || !ascii.includes('.') || ascii.split('.').some((l) => !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return undefined;
  if (/^\d+$/.test(ascii.split('.').at(-1) as string)) return undefined;
  return ascii;
}

export function normalizeEmail(raw: string): string | undefined {
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at > 64) return undefined;
  const local = raw.slice(0, at).toLowerCase();
  if (/[\s"(),:;<>@[\\\]]/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return undefined;
  const domain = normalizeDomain(raw.slice(at + 1));
  return domain ? `${local}@${domain}` : undefined;
}

function hostOfUrl(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/\.+$/, '').toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

function invalid(kind: ChannelKind, text: string, official: OfficialChannels): ChannelCheck {
  return result('invalid', kind, text.slice(0, 200).toLowerCase(), 'malformed', null, official);
}

function result(verdict: ChannelVerdict, kind: ChannelKind, normalized: string, reason: ChannelReason, imitates: string | null, official: OfficialChannels): ChannelCheck {
  const { en, zh } = adviceFor(verdict, reason, imitates, official.supportAddress);
  return { verdict, kind, normalized, reason, imitates, advice_en: en, advice_zh: zh };
}

const WHY: Record<ChannelReason, (imitates: string | null) => { en: string; zh: string }> = {
  support_address: () => ({ en: 'This is our official support address.', zh: '这是我们的官方客服邮箱。' }),
  official_domain: () => ({ en: 'This is our official domain.', zh: '这是我们的官方域名。' }),
  official_subdomain: () => ({ en: 'This is a subdomain of our official domain.', zh: '这是我们官方域名下的子域名。' }),
  lookalike_letters: (i) => ({
    en: `This is NOT ours: it imitates ${i} with letters from another alphabet or look-alike characters.`,
    zh: `这不是我们的渠道：它用其他文字的字母或形近字符冒充 ${i}。`,
  }),
  lookalike_name: (i) => ({
    en: `This is NOT ours: it uses our name but is not ${i} or one of its subdomains.`,
    zh: `这不是我们的渠道：它使用了我们的名称，但并不是 ${i} 或其子域名。`,
  }),
  hidden_destination: () => ({
    en: 'This is NOT ours: the link hides its real destination (everything before "@" is only a user name; the site after it is what opens).',
    zh: '这不是我们的链接：它隐藏了真实目的地（“@”之前的内容只是用户名，真正打开的是“@”之后的网站）。',
  }),
  not_support_address: (i) => ({
    en: `This is NOT our support address. Support mail only ever comes from ${i}.`,
    zh: `这不是我们的客服邮箱。客服邮件只会来自 ${i}。`,
  }),
  hidden_characters: () => ({
    en: 'This is NOT ours: it contains invisible characters (zero-width spaces, direction marks or similar) that make it look like something it is not.',
    zh: '这不是我们的渠道：其中含有不可见字符（零宽空格、文字方向控制符等），让它看起来像别的地址。',
  }),
  obfuscated_host: () => ({
    en: 'This is NOT one of our links: its site name is disguised (percent-encoded letters or an address written as a number), which our links never do.',
    zh: '这不是我们的链接：它的网站名称经过伪装（百分号编码的字母，或写成数字的地址），我们的链接从不这样写。',
  }),
  extra_recipients: () => ({
    en: 'This is NOT an official link: it also sends your mail to other recipients (cc, bcc or further addresses), so someone else would read what you write.',
    zh: '这不是官方链接：它会把您的邮件同时发给其他收件人（抄送、密送或更多地址），别人会看到您写的内容。',
  }),
  prefilled_content: () => ({
    en: 'This is NOT an official link: it fills the mail in advance with links, addresses or headers that our own links never contain.',
    zh: '这不是官方链接：它预先在邮件中填入了链接、地址或邮件头，而我们自己的链接从不包含这些内容。',
  }),
  unsupported_scheme: () => ({ en: 'This is NOT one of our links: we only use https web links.', zh: '这不是我们的链接：我们只使用 https 网页链接。' }),
  unknown: () => ({ en: 'This is NOT one of our official channels.', zh: '这不是我们的官方渠道。' }),
  malformed: () => ({
    en: 'We could not read this as an email address, a domain or a web link. Paste it exactly as you received it, for example support@example.com or https://example.com/page.',
    zh: '无法识别为邮箱地址、域名或网址。请按收到时的原样粘贴，例如 support@example.com 或 https://example.com/page。',
  }),
};

function adviceFor(verdict: ChannelVerdict, reason: ChannelReason, imitates: string | null, support: string): { en: string; zh: string } {
  const why = WHY[reason](imitates);
  if (verdict === 'official') {
    return {
      en: `${why.en} Even so, we never ask for your password, recovery phrase, private keys or verification codes: anyone who asks is not us.`,
      zh: `${why.zh}即便如此，我们也绝不会向您索要密码、助记词、私钥或验证码：索要这些信息的人都不是我们。`,
    };
  }
  if (verdict === 'invalid') return why;
  return {
    en: `${why.en} Do not reply, click its links or sign in through it, and never give it your password, recovery phrase, private keys or verification codes. If you already did, change your password and turn on two-factor authentication at once. Report it to our official address ${support}.`,
    zh: `${why.zh}请不要回复、不要点击其中的链接、不要通过它登录，也绝不要向它提供密码、助记词、私钥或验证码。如果已经提供，请立即修改密码并开启双重认证。请将其举报给我们的官方邮箱 ${support}。`,
  };
}
