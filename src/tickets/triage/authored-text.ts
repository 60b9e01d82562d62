/**
 * What the customer wrote in this message, apart from what they quoted, forwarded or signed. Quoted replies
 * repeat our own acknowledgement (which names every topic: assets, screenshots, security), and signatures carry
 * legal disclaimers full of "unauthorised" and "confidential", so both would steer triage wrongly. Forwarded
 * text is kept apart rather than dropped: a forwarded withdrawal notice or phishing mail is what the customer is
 * asking about, but it is someone else's wording.
 */
export type AuthoredText = { own: string; forwarded: string; dropped: Array<'quoted' | 'signature' | 'disclaimer'> };

const FORWARD_MARKER = /^\s*(?:-{3,}\s*(?:forwarded message|转发的邮件|转发邮件|转发的消息)\s*-{3,}|begin forwarded message:|-{3,}\s*forwarded by\b.*)\s*$/i;

// A reply header opens everything the client quoted below it (top-posting is what customers do).
const REPLY_HEADER_LINE = [
  /^\s*-{2,}\s*(?:original message|原始邮件|原邮件|回复的邮件)\s*-{2,}\s*$/i,
  /^\s*(?:在|于).{0,200}写道\s*[::]\s*$/,
  /^.{0,200}\d.{0,80}写道\s*[::]\s*$/,
  /^\s*on\b.{0,250}\bwrote\s*:\s*$/i,
];
const ON_LINE_START = /^\s*on\s.{3,}/i;
const WROTE_LINE_END = /\bwrote\s*:\s*$/i;
const HEADER_FROM = /^\s*(?:from|发件人)\s*[::]\s*\S/i;
const HEADER_FOLLOW = /^\s*(?:sent|date|to|cc|subject|发送时间|时间|日期|收件人|抄送|主题)\s*[::]/i;
// A quoted header names a mailbox and a date; "From: Binance / To: my wallet" in a customer's own report does not.
const QUOTED_FROM = /^\s*(?:from|发件人)\s*[::].*(?:@|<)/i;
const QUOTED_DATE = /^\s*(?:sent|date|发送时间|时间|日期)\s*[::]/i;
const RULE_LINE = /^\s*_{8,}\s*$/;

const SIGNATURE_DELIMITER = /^\s*--\s?$|^\s*——\s*$/;
const DEVICE_FOOTER = /^\s*(?:sent from my\b|sent from (?:mail|outlook|yahoo)|get outlook for\b|sent with\b|发自我的|来自我的|从我的.{0,20}发送|发自.{0,12}(?:邮箱|邮件|mail))/i;
const VALEDICTION =
  /^\s*(?:best(?: regards| wishes)?|kind regards|warm regards|regards|cheers|sincerely|yours(?: truly| sincerely)?|thanks?(?: a lot| again| in advance| so much)?|thank you(?: very much| in advance| so much)?|many thanks|thx|br|此致|敬礼|祝好|顺祝.{0,6}|谢谢(?:你|您)?(?:了|啦)?|多谢|感谢(?:您|你)?)[\s,,.。!!~]*$/i;
const DISCLAIMER =
  /(?:confidential|privileged)[\s\S]{0,300}(?:intended recipient|addressee)|intended recipient|disclaimer|免责声明|本邮件[\s\S]{0,40}(?:保密|机密)|(?:保密|机密)信息[\s\S]{0,60}(?:收件人|删除)/i;

/** Lines of a signature block after a valediction; beyond this, "Thanks," is more likely mid-message. */
const SIGNATURE_TAIL_LINES = 6;

export function authoredText(text: string): AuthoredText {
  const dropped = new Set<AuthoredText['dropped'][number]>();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');

  let forwarded: string[] = [];
  const fwd = lines.findIndex((l) => FORWARD_MARKER.test(l));
  let own = fwd >= 0 ? lines.slice(0, fwd) : lines;
  if (fwd >= 0) forwarded = lines.slice(fwd + 1).filter((l) => !HEADER_FOLLOW.test(l) && !HEADER_FROM.test(l));

  const replyAt = replyHeaderIndex(own);
  if (replyAt >= 0) {
    own = own.slice(0, replyAt);
    dropped.add('quoted');
  }
  const unquoted = own.filter((l) => !/^\s*>/.test(l));
  if (unquoted.length !== own.length) dropped.add('quoted');
  own = unquoted;
  forwarded = forwarded.filter((l) => !/^\s*>/.test(l));

  own = cutSignature(own, dropped);
  const ownText = dropDisclaimers(own.join('\n'), dropped);
  return { own: ownText.trim(), forwarded: dropDisclaimers(cutSignature(forwarded, new Set()).join('\n'), dropped).trim(), dropped: [...dropped] };
}

function replyHeaderIndex(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (REPLY_HEADER_LINE.some((re) => re.test(line))) return i;
    // Clients wrap a long "On <date>, <name> <address> wrote:" over two or three lines.
    if (ON_LINE_START.test(line) && !WROTE_LINE_END.test(line)) {
      const joined = lines.slice(i, i + 3).join(' ');
      if (/^\s*on\s[\s\S]{0,300}\bwrote\s*:/i.test(joined) && lines.slice(i, i + 3).some((l) => WROTE_LINE_END.test(l))) return i;
    }
    if (QUOTED_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => QUOTED_DATE.test(l))) return i;
    // Outlook may show only the sender's name, but its "Sent:" line is never part of a customer's own report.
    if (HEADER_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => /^\s*(?:sent|发送时间)\s*[::]/i.test(l))) return i;
    if (RULE_LINE.test(line) && QUOTED_FROM.test(lines[i + 1] ?? '')) return i;
  }
  return -1;
}

function cutSignature(lines: string[], dropped: Set<AuthoredText['dropped'][number]>): string[] {
  const delimiter = lines.findIndex((l) => SIGNATURE_DELIMITER.test(l) || DEVICE_FOOTER.test(l));
  let kept = delimiter >= 0 ? lines.slice(0, delimiter) : lines;
  if (delimiter >= 0) dropped.add('signature');

  const nonEmpty = kept.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '');
  const tail = nonEmpty.slice(-SIGNATURE_TAIL_LINES);
  // A valediction as the very first line is the whole message ("Thanks!"), not a signature.
  const valediction = tail.find(([l], k) => VALEDICTION.test(l) && (nonEmpty.length > tail.length || k > 0));
  if (valediction) {
    kept = kept.slice(0, valediction[1]);
    dropped.add('signature');
  }
  return kept;
}

function dropDisclaimers(text: string, dropped: Set<AuthoredText['dropped'][number]>): string {
  const paragraphs = text.split(/\n\s*\n/);
  const kept = paragraphs.filter((p) => !DISCLAIMER.test(p));
  if (kept.length !== paragraphs.length) dropped.add('disclaimer');
  return kept.join('\n\n');
}
