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
  const guessKind: ChannelKind = /^mailto:/i.test(text) || (!/:\/\//.test(text) && text.includes('@')) ? 'email' : /[/:]/.test(text) ? 'url' : 'domain';
  if (!text || text.length > 2048 || /[\s\u0000-\u001f\u007f]/.test(text)) return invalid(guessKind, text, official);

  if (guessKind === 'email') return checkEmail(text.replace(/^mailto:/i, '').replace(/[?#].*$/s, ''), official);
  if (guessKind === 'url') return checkUrl(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`, official);
  const host = normalizeDomain(text);
  return host ? verdictForHost(host, 'domain', host, official) : invalid('domain', text, official);
}

function checkEmail(raw: string, official: OfficialChannels): ChannelCheck {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // not percent-encoded: take it as written
  }
  const address = normalizeEmail(decoded);
  if (!address) return invalid('email', decoded, official);
  if (official.addresses.includes(address)) return result('official', 'email', address, 'support_address', null, official);
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  const seen = `${skeleton(decoded.slice(0, decoded.lastIndexOf('@')))}@${skeleton(domainToUnicode(domain))}`;
  const imitated = official.addresses.find((a) => skeleton(a) === seen);
  if (imitated && (hasNonAscii(decoded) || domain.includes('xn--') || seen !== address)) {
    return result('not_official', 'email', address, 'lookalike_letters', imitated, official);
  }
  if (isOfficialHost(domain, official)) return result('not_official', 'email', address, 'not_support_address', official.supportAddress, official);
  return verdictForHost(domain, 'email', address, official);
}

function checkUrl(raw: string, official: OfficialChannels): ChannelCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return invalid('url', raw, official);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return result('not_official', 'url', url.href, 'unsupported_scheme', null, official);
  const host = url.hostname.replace(/\.+$/, '').toLowerCase();
  if (!host) return invalid('url', raw, official);
  // Everything before "@" in a link is a user name, not the site: https://walletdesk.local@evil.com opens evil.com.
  if (url.username || url.password) return result('not_official', 'url', url.href, 'hidden_destination', null, official);
  return verdictForHost(host, 'url', url.href, official);
}

function verdictForHost(host: string, kind: ChannelKind, normalized: string, official: OfficialChannels): ChannelCheck {
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
    zh: `这不是我们的渠道:它用其他文字的字母或形近字符冒充 ${i}。`,
  }),
  lookalike_name: (i) => ({
    en: `This is NOT ours: it uses our name but is not ${i} or one of its subdomains.`,
    zh: `这不是我们的渠道:它使用了我们的名称,但并不是 ${i} 或其子域名。`,
  }),
  hidden_destination: () => ({
    en: 'This is NOT ours: the link hides its real destination (everything before "@" is only a user name; the site after it is what opens).',
    zh: '这不是我们的链接:它隐藏了真实目的地("@"之前的内容只是用户名,真正打开的是"@"之后的网站)。',
  }),
  not_support_address: (i) => ({
    en: `This is NOT our support address. Support mail only ever comes from ${i}.`,
    zh: `这不是我们的客服邮箱。客服邮件只会来自 ${i}。`,
  }),
  unsupported_scheme: () => ({ en: 'This is NOT one of our links: we only use https web links.', zh: '这不是我们的链接:我们只使用 https 网页链接。' }),
  unknown: () => ({ en: 'This is NOT one of our official channels.', zh: '这不是我们的官方渠道。' }),
  malformed: () => ({
    en: 'We could not read this as an email address, a domain or a web link. Paste it exactly as you received it, for example support@example.com or https://example.com/page.',
    zh: '无法识别为邮箱地址、域名或网址。请按收到时的原样粘贴,例如 support@example.com 或 https://example.com/page。',
  }),
};

function adviceFor(verdict: ChannelVerdict, reason: ChannelReason, imitates: string | null, support: string): { en: string; zh: string } {
  const why = WHY[reason](imitates);
  if (verdict === 'official') {
    return {
      en: `${why.en} Even so, we never ask for your password, recovery phrase, private keys or verification codes: anyone who asks is not us.`,
      zh: `${why.zh}即便如此,我们也绝不会向您索要密码、助记词、私钥或验证码:索要这些信息的人都不是我们。`,
    };
  }
  if (verdict === 'invalid') return why;
  return {
    en: `${why.en} Do not reply, click its links or sign in through it, and never give it your password, recovery phrase, private keys or verification codes. If you already did, change your password and turn on two-factor authentication at once. Report it to our official address ${support}.`,
    zh: `${why.zh}请不要回复、不要点击其中的链接、不要通过它登录,也绝不要向它提供密码、助记词、私钥或验证码。如果已经提供,请立即修改密码并开启双重认证。请将其举报给我们的官方邮箱 ${support}。`,
  };
}
