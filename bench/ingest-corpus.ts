/**
 * The mail the ingest benchmark sends: customers of a wallet service writing in English and Chinese, some with a
 * screenshot or statement attached, some answering their own earlier mail. Deterministic for a given seed, so
 * two runs send the same bytes.
 */
import { randomBytes } from 'node:crypto';
import { dkimSign } from 'mailauth';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export type BenchMail = {
  index: number;
  envelopeFrom: string;
  raw: Buffer;
  /** Index of the earlier mail this one answers, or null when it opens a ticket. */
  repliesTo: number | null;
  chinese: boolean;
  attachment: boolean;
  /** Whether the mail carries a DKIM signature of its From domain. */
  signed: boolean;
};

/** How customers' providers sign: one key and selector for every domain is all the benchmark needs. */
export type DkimKey = { selector: string; privateKeyPem: string };

export type CorpusOptions = {
  count: number;
  deskAddress: string;
  /** A reply answers a mail at least this many positions earlier, so its parent is processed first. */
  replyGap: number;
  /** When given, this share of the mails (0..1) is DKIM-signed by the sender's domain, as big providers do. */
  dkim?: { key: DkimKey; share: number };
  seed?: number;
};

/** mulberry32: small, fast and good enough to pick templates reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN_FIRST = ['James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sofia', 'Daniel', 'Chloe', 'Arjun', 'Fatima', 'Mateo'];
const EN_LAST = ['Smith', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Wilson', 'Anderson', 'Patel', 'Kim', 'Nguyen'];
const ZH_NAMES = ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨磊', '赵丽', '黄强', '周杰', '吴芳', '徐明', '孙悦', '马超', '朱婷'];
const EN_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com', 'example.org'];
const ZH_DOMAINS = ['qq.com', '163.com', 'foxmail.com', 'gmail.com'];
/** Every domain a customer of the corpus writes from: the benchmark's DNS server answers for these. */
export const CUSTOMER_DOMAINS = [...new Set([...EN_DOMAINS, ...ZH_DOMAINS])];
const ASSETS = ['BTC', 'ETH', 'USDT', 'USDC', 'SOL', 'TRX'];

type Topic = { subject: string; body: string[] };

const EN_TOPICS: Topic[] = [
  {
    subject: 'Withdrawal of {amount} {asset} still pending',
    body: [
      'Hello support,',
      'I requested a withdrawal of {amount} {asset} to my external wallet about {hours} hours ago and it is still shown as pending in the app.',
      'The destination address is {address}. I have checked it twice and it is correct.',
      'Could you please tell me what is holding it up and when I can expect the funds? I need them for a payment this week.',
    ],
  },
  {
    subject: 'Cannot log in after changing my phone',
    body: [
      'Hi,',
      'I switched to a new phone yesterday and my authenticator app did not transfer the codes. Now I cannot log in to my wallet account.',
      'I still have access to this email address and can provide ID if needed. What do I need to do to reset two-factor authentication?',
    ],
  },
  {
    subject: 'Deposit not credited - tx {txid}',
    body: [
      'Dear team,',
      'I sent {amount} {asset} to my deposit address and the transaction has {confirmations} confirmations on the explorer, but my balance has not changed.',
      'Transaction hash: {txid}',
      'Please credit the deposit or let me know if something is wrong on my side. Screenshot attached if it helps.',
    ],
  },
  {
    subject: 'Suspicious login alert - was this you?',
    body: [
      'Hello,',
      'I just got an email saying there was a new login to my account from a location I have never been to. It was not me.',
      'I have changed my password already. Can you lock the account and check whether any funds were moved? My last known balance was about {amount} {asset}.',
    ],
  },
  {
    subject: 'Question about network fees for {asset}',
    body: [
      'Hi there,',
      'The fee shown for sending {asset} seems much higher than what I see on other services. Is the fee fixed or does it depend on the network?',
      'Also, is there a minimum amount for withdrawals? Thanks in advance.',
    ],
  },
  {
    subject: 'Account verification taking too long',
    body: [
      'Good morning,',
      'I submitted my documents for verification {days} days ago and the status still says "in review". Withdrawals are blocked until it is done.',
      'Is there anything missing from my application? Reference on my side: {ref}.',
    ],
  },
];

const ZH_TOPICS: Topic[] = [
  {
    subject: '提币 {amount} {asset} 一直显示处理中',
    body: [
      '您好，',
      '我在 {hours} 小时前申请提币 {amount} {asset} 到外部钱包，到现在 App 里还是显示“处理中”。',
      '收款地址是 {address}，我已经核对过两遍，确认无误。',
      '请问是什么原因导致延迟？大概什么时候能到账？这周我需要用这笔钱付款，谢谢！',
    ],
  },
  {
    subject: '换手机后无法登录账户',
    body: [
      '客服你好，',
      '我昨天换了新手机，谷歌验证器里的动态码没有迁移过来，现在登录钱包账户时无法通过二次验证。',
      '这个邮箱我还能正常使用，如有需要可以提供身份证明。请问如何重置双重验证？',
    ],
  },
  {
    subject: '充值未到账，交易哈希 {txid}',
    body: [
      '你们好，',
      '我向充值地址转入了 {amount} {asset}，区块浏览器上已经有 {confirmations} 个确认，但账户余额一直没有变化。',
      '交易哈希：{txid}',
      '麻烦帮忙查一下并尽快入账。附件是转账截图，谢谢。',
    ],
  },
  {
    subject: '收到异地登录提醒，不是我本人操作',
    body: [
      '您好，',
      '我刚收到邮件提示账户在陌生地点登录，这不是我本人操作的。',
      '我已经修改了密码，请帮我冻结账户并检查资产是否被转走，之前余额大约是 {amount} {asset}。非常着急，请尽快回复！',
    ],
  },
  {
    subject: '关于 {asset} 网络手续费的疑问',
    body: [
      '你好，',
      '转出 {asset} 时显示的手续费比其他平台高很多，请问手续费是固定的还是根据网络拥堵情况变化？',
      '另外提币有最低金额限制吗？先谢谢了。',
    ],
  },
  {
    subject: '实名认证审核时间太长',
    body: [
      '早上好，',
      '我 {days} 天前提交了实名认证材料，到现在状态还是“审核中”，提币功能一直被限制。',
      '请问我的资料是否有缺失？我这边的参考编号是 {ref}。',
    ],
  },
];

const EN_FOLLOW_UPS = [
  'Any update on this? It has been another day and I have not heard back.',
  'Thanks for looking into it. I have attached nothing new, just checking whether you need more information from me.',
  'I tried again this morning and the problem is still there. Please advise.',
  'Sorry, I forgot to mention: I am using the iOS app, latest version.',
];
const ZH_FOLLOW_UPS = [
  '请问有进展了吗？又过了一天，还没有收到回复。',
  '谢谢你们帮忙处理。想确认一下是否还需要我提供其他资料？',
  '今天早上又试了一次，问题依然存在，请尽快处理。',
  '补充一下：我用的是安卓 App，已经是最新版本。',
];

type Customer = { name: string; address: string; chinese: boolean };

type Sent = { index: number; messageId: string; references: string[]; subject: string; customer: Customer; body: string };

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? k);
}

function hex(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function bytes(rand: () => number, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function htmlOf(paragraphs: string[], signature: string): string {
  return [
    '<html><head><meta charset="utf-8"><style>p{margin:0 0 8px}</style></head><body>',
    '<div dir="ltr" style="font-family:Arial,sans-serif;font-size:14px">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    `<div class="signature" style="color:#888">-- <br>${escapeHtml(signature)}</div>`,
    '</div></body></html>',
  ].join('\n');
}

function attachmentFor(rand: () => number, chinese: boolean) {
  const kind = Math.floor(rand() * 3);
  const size = 1024 + Math.floor(rand() * 3072);
  if (kind === 0) {
    // A tiny "screenshot": a PNG signature and random bytes are all the desk looks at.
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), bytes(rand, size)]);
    return { filename: chinese ? '转账截图.png' : 'screenshot.png', content: png, contentType: 'image/png' };
  }
  if (kind === 1) {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes(rand, size)]);
    return { filename: chinese ? '身份证明.pdf' : 'statement.pdf', content: pdf, contentType: 'application/pdf' };
  }
  const rows = ['date,asset,amount,txid'];
  while (rows.join('\n').length < size) rows.push(`2025-11-${10 + Math.floor(rand() * 18)},${pick(rand, ASSETS)},${(rand() * 10).toFixed(4)},0x${hex(rand, 64)}`);
  return { filename: chinese ? '交易记录.csv' : 'transactions.csv', content: Buffer.from(rows.join('\n')), contentType: 'text/csv' };
}

/** Builds `count` raw RFC 5322 messages addressed to the desk. */
export async function buildCorpus(opts: CorpusOptions): Promise<BenchMail[]> {
  const rand = prng(opts.seed ?? 20251125);
  const runTag = randomBytes(4).toString('hex');
  // About five mails per customer over the run, so some customers hit the acknowledgement limit like in real life.
  const customers: Customer[] = Array.from({ length: Math.max(20, Math.floor(opts.count / 5)) }, (_, i) => {
    const chinese = rand() < 0.45;
    if (chinese) {
      const name = pick(rand, ZH_NAMES);
      return { name, address: `user${i}.${hex(rand, 4)}@${pick(rand, ZH_DOMAINS)}`, chinese };
    }
    const first = pick(rand, EN_FIRST);
    const last = pick(rand, EN_LAST);
    return { name: `${first} ${last}`, address: `${first}.${last}${i}`.toLowerCase() + `@${pick(rand, EN_DOMAINS)}`, chinese };
  });

  const sent: Sent[] = [];
  const out: BenchMail[] = [];
  const baseDate = Date.UTC(2025, 10, 20, 8, 0, 0);
  for (let index = 0; index < opts.count; index++) {
    const candidates = index >= opts.replyGap ? index - opts.replyGap + 1 : 0;
    const isReply = candidates > 0 && rand() < 0.25;
    const parent = isReply ? sent[Math.floor(rand() * candidates)] : undefined;
    const customer = parent?.customer ?? pick(rand, customers);
    const chinese = customer.chinese;
    const vars: Record<string, string> = {
      amount: (rand() * (rand() < 0.5 ? 2 : 5000)).toFixed(rand() < 0.5 ? 4 : 2),
      asset: pick(rand, ASSETS),
      address: `0x${hex(rand, 40)}`,
      txid: `0x${hex(rand, 64)}`,
      hours: String(2 + Math.floor(rand() * 70)),
      days: String(2 + Math.floor(rand() * 12)),
      confirmations: String(12 + Math.floor(rand() * 200)),
      ref: `KYC-${hex(rand, 8).toUpperCase()}`,
    };
    const messageId = `<bench.${runTag}.${index}.${hex(rand, 8)}@${customer.address.split('@')[1]}>`;
    let subject: string;
    let paragraphs: string[];
    let references: string[] = [];
    if (parent) {
      subject = (chinese ? '回复：' : 'Re: ') + parent.subject.replace(/^(Re: |回复：)+/, '');
      const quoted = parent.body.split('\n').map((l) => `> ${l}`).join('\n');
      const intro = chinese ? `${parent.customer.name} 写道：` : `On ${new Date(baseDate + parent.index * 60_000).toUTCString()}, ${parent.customer.name} wrote:`;
      paragraphs = [pick(rand, chinese ? ZH_FOLLOW_UPS : EN_FOLLOW_UPS), `${intro}\n${quoted}`];
      references = [...parent.references, parent.messageId];
    } else {
      const topic = pick(rand, chinese ? ZH_TOPICS : EN_TOPICS);
      subject = fill(topic.subject, vars);
      paragraphs = topic.body.map((p) => fill(p, vars));
    }
    const signature = chinese ? `${customer.name}\n发自我的手机` : `${customer.name}\nSent from my phone`;
    const text = `${paragraphs.join('\n\n')}\n\n-- \n${signature}\n`;
    const attachment = !parent && rand() < 0.15 ? attachmentFor(rand, chinese) : undefined;
    const withHtml = rand() < 0.6;
    // A few out-of-office answers: still tickets, but the desk must not acknowledge them.
    const autoReply = !parent && rand() < 0.02;

    const composer = new MailComposer({
      from: { name: customer.name, address: customer.address },
      to: opts.deskAddress,
      subject,
      text,
      html: withHtml ? htmlOf(paragraphs, signature) : undefined,
      messageId,
      inReplyTo: parent?.messageId,
      references: references.length ? references : undefined,
      date: new Date(baseDate + index * 60_000),
      headers: {
        'X-Mailer': pick(rand, ['Apple Mail (2.3776)', 'Microsoft Outlook 16.0', 'Foxmail 7.2', 'Thunderbird 128.4.0']),
        ...(autoReply ? { 'Auto-Submitted': 'auto-replied' } : {}),
      },
      attachments: attachment ? [attachment] : undefined,
    });
    let raw = await composer.compile().build();
    const signed = !!opts.dkim && rand() < opts.dkim.share;
    if (signed && opts.dkim) {
      const signer = { signingDomain: customer.address.split('@')[1] as string, selector: opts.dkim.key.selector, privateKey: opts.dkim.key.privateKeyPem };
      // mailauth signs from signatureData only (its typings name the top-level fields, which it ignores).
      const { signatures, errors } = await dkimSign(raw, { ...signer, canonicalization: 'relaxed/relaxed', signatureData: [signer] } as Parameters<typeof dkimSign>[1]);
      if (errors.length > 0 || !signatures.startsWith('DKIM-Signature:')) throw errors[0] ?? new Error('DKIM signing produced no signature');
      raw = Buffer.concat([Buffer.from(signatures), raw]);
    }
    sent.push({ index, messageId, references, subject, customer, body: text });
    out.push({ index, envelopeFrom: customer.address, raw, repliesTo: parent?.index ?? null, chinese, attachment: !!attachment, signed });
  }
  return out;
}
