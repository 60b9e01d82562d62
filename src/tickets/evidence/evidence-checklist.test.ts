import { describe, expect, it } from 'vitest';
import { amountIn, assetsIn, networkKnown, networksIn, timesIn, txHashIn } from './detect-evidence.ts';
import { EVIDENCE_ITEMS } from './evidence-items.ts';
import { evidenceFound, evidenceMissing, type EvidenceInput } from './evidence-missing.ts';
import { evidenceRequestText } from './evidence-request-text.ts';

const HASH = '8f1c3e0a9b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e';
const input = (over: Partial<EvidenceInput> & Pick<EvidenceInput, 'category'>): EvidenceInput => ({
  subject: '',
  text: '',
  attachments: [],
  chainRefs: [],
  ...over,
});

describe('a transaction report', () => {
  const first = 'I withdrew 500 USDT to my Binance account yesterday at 14:00 and it has not arrived.';

  it('asks for the network and the hash when only those are missing', () => {
    expect(evidenceMissing(input({ category: 'transaction', subject: 'Withdrawal not received', text: first }))).toEqual(['network', 'tx_hash']);
  });

  it('a follow-up that names the network and gives the hash clears both', () => {
    const followUp = `It was TRC20. TxID: ${HASH}`;
    expect(evidenceMissing(input({ category: 'transaction', subject: 'Withdrawal not received', text: [first, followUp] }))).toEqual([]);
  });

  it('a screenshot of the record stands in for the hash, and a chain reference names the network', () => {
    const missing = evidenceMissing(
      input({
        category: 'transaction',
        subject: 'Withdrawal not received',
        text: first,
        attachments: [{ filename: 'IMG_2041.PNG', contentType: 'image/png' }],
        chainRefs: [{ kind: 'address', chain: 'tron', value: 'TJYeasTPa6gpEEfYCp2jM9pHPeqzMNHmxk' }],
      }),
    );
    expect(missing).toEqual([]);
  });

  it('in Chinese, a follow-up supplying the network and a hash reference clears them', () => {
    const zh = '昨天下午3点提了500U到币安,到现在还没到账。';
    const base = input({ category: 'transaction', subject: '提币没到账', text: zh });
    expect(evidenceMissing(base)).toEqual(['network', 'tx_hash']);
    const later = { ...base, text: [zh, '用的是波场网络'], chainRefs: [{ kind: 'tx', chain: 'tron', value: HASH }] };
    expect(evidenceMissing(later)).toEqual([]);
  });

  it('a bare plea asks for everything a transaction report needs', () => {
    expect(evidenceMissing(input({ category: 'transaction', subject: 'help', text: 'help!!' }))).toEqual([
      'clear_subject',
      'description',
      'time',
      'asset',
      'amount',
      'network',
      'tx_hash',
    ]);
  });

  it('a question about how transfers work is not asked for a hash or a time', () => {
    expect(evidenceMissing(input({ category: 'transaction', subject: 'Confirmations', text: 'How many confirmations do you need for a BTC deposit?' }))).toEqual([]);
  });

  it('a swap inside the wallet needs a screenshot, not a network or a hash', () => {
    const missing = evidenceMissing(input({ category: 'transaction', subject: '闪兑失败', text: '今天上午用1个ETH闪兑USDT,提示失败,但是ETH少了。' }));
    expect(missing).toEqual(['screenshot_or_record']);
  });

  it('a quoted acknowledgement never supplies what the customer has not said', () => {
    const request = evidenceRequestText('en', ['network', 'tx_hash']);
    const reply = `ok\n\nOn Tue, Mar 12, 2024 at 4:31 AM Walletdesk Support <support@walletdesk.local> wrote:\n> ${request}`;
    const missing = evidenceMissing(input({ category: 'transaction', subject: 'Withdrawal not received', text: [first, reply] }));
    expect(missing).toEqual(['network', 'tx_hash']);
  });

  it('a forwarded withdrawal notice supplies the hash and amount it carries', () => {
    const text = `Nothing arrived at Kraken, sent on Monday.\n\n---------- Forwarded message ---------\nFrom: Wallet <noreply@walletdesk.local>\nSubject: Withdrawal sent\n\nYour withdrawal of 0.25 BTC has been completed. Transaction ID: ${HASH}`;
    expect(evidenceMissing(input({ category: 'transaction', subject: 'Fwd: Withdrawal sent', text }))).toEqual([]);
  });
});

describe('what each category asks for', () => {
  it('a takeover with money moved asks what moved and the records', () => {
    const missing = evidenceMissing(
      input({ category: 'security', subject: 'Account hacked', text: 'Someone logged in last night and withdrew all my funds to an address I do not know.' }),
    );
    expect(missing).toEqual(['asset', 'amount', 'tx_hash', 'screenshot_or_record']);
  });

  it('an unrecognised login with nothing taken asks only for the time and the login records', () => {
    const missing = evidenceMissing(
      input({ category: 'security', subject: '异常登录', text: '登录记录里有一条我不认识的登录,地点在国外,资产没有被转走。' }),
    );
    expect(missing).toEqual(['time', 'screenshot_or_record']);
  });

  it('a fee question needs the asset; a disputed charge needs the charge itself', () => {
    expect(evidenceMissing(input({ category: 'fees', subject: 'Withdrawal fee', text: 'What is the withdrawal fee on your wallet?' }))).toEqual(['asset']);
    expect(evidenceMissing(input({ category: 'fees', subject: 'USDT fee', text: 'What is the fee to withdraw USDT on TRC20?' }))).toEqual([]);
    expect(evidenceMissing(input({ category: 'fees', subject: '手续费多扣了', text: '提现的时候手续费被多扣了,请退还。' }))).toEqual([
      'time',
      'asset',
      'amount',
      'screenshot_or_record',
    ]);
  });

  it('an account problem asks when it happened and for a screenshot of the error', () => {
    expect(evidenceMissing(input({ category: 'account', subject: "Can't log in", text: 'The app keeps saying my password is wrong, but it is right.' }))).toEqual([
      'time',
      'screenshot_or_record',
    ]);
  });

  it('a personal-information change asks for a screenshot only when the change failed', () => {
    expect(evidenceMissing(input({ category: 'personal_info', subject: '修改手机号', text: '我换了新手机号,请帮我修改账户绑定的手机号,旧号码已经停用。' }))).toEqual([]);
    expect(
      evidenceMissing(input({ category: 'personal_info', subject: 'Email change fails', text: 'Changing my email in Account settings shows "operation failed" every time.' })),
    ).toEqual(['screenshot_or_record']);
  });

  it('a restriction asks for the notice and the time, and never for identity documents', () => {
    const missing = evidenceMissing(input({ category: 'restriction', subject: 'Account restricted', text: 'My account is restricted and I cannot withdraw my USDT.' }));
    expect(missing).toEqual(['time', 'screenshot_or_record']);
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(evidenceRequestText(locale, [...EVIDENCE_ITEMS])).not.toMatch(/passport|ID card|identity document|身份证|护照|证件|password|密码|seed|助记词|private key|私钥/i);
    }
  });

  it('other mail needs only a subject and a description', () => {
    expect(evidenceMissing(input({ category: 'other', subject: 'Partnership proposal', text: 'We are a media company and would like to discuss a marketing partnership with you.' }))).toEqual([]);
  });
});

describe('subject, description and attachments', () => {
  it.each(['help', 'HELP!!!', 'Re: question', 'urgent', '求助', '你好', '急急急', '', 'Still waiting...'])('"%s" is not a clear subject', (subject) => {
    expect(evidenceFound(input({ category: 'other', subject, text: 'x' })).has('clear_subject')).toBe(false);
  });

  it.each(['Withdrawal not received', '账户问题求助', '关于交易失败的咨询', '2FA', 'fees', 'Account frozen'])('"%s" is a clear subject', (subject) => {
    expect(evidenceFound(input({ category: 'other', subject, text: 'x' })).has('clear_subject')).toBe(true);
  });

  it('a plea or "see title" is not a description', () => {
    for (const text of ['help!!', '如题,请尽快处理', 'see attached']) {
      expect(evidenceFound(input({ category: 'transaction', subject: 'Deposit', text })).has('description')).toBe(false);
    }
    expect(evidenceFound(input({ category: 'transaction', subject: '充值', text: '前天从交易所充值了一笔USDT,到现在还没有到账,请帮忙查一下。' })).has('description')).toBe(true);
  });

  it('screenshots, PDFs and CSV exports are evidence; signatures and calendar files are not', () => {
    const has = (filename: string, contentType: string) =>
      evidenceFound(input({ category: 'account', subject: 'x', attachments: [{ filename, contentType }] })).has('screenshot_or_record');
    expect(has('screenshot.jpg', 'image/jpeg')).toBe(true);
    expect(has('statement.pdf', 'application/octet-stream')).toBe(true);
    expect(has('history.csv', 'text/csv')).toBe(true);
    expect(has('recording.mp4', 'video/mp4')).toBe(true);
    expect(has('smime.p7s', 'application/pkcs7-signature')).toBe(false);
    expect(has('invite.ics', 'text/calendar')).toBe(false);
  });
});

describe('recognisers', () => {
  it.each(['yesterday around 3pm', '2 hours ago', 'on March 5', '2024-03-05 14:00', 'since Monday', '昨晚10点多', '3月5号', '两个小时前', '已经三天了', '凌晨', '上周五'])(
    'finds a time in "%s"',
    (text) => expect(timesIn(text)).toBe(true),
  );

  it.each(['we usually answer within 24 hours', 'I have 2FA on', 'version 5.2.1', '请在24小时内回复'])('finds no time in "%s"', (text) => {
    expect(timesIn(text)).toBe(false);
  });

  it('finds assets by ticker, name and slang', () => {
    expect(assetsIn('sent 0.5 eth').map((a) => a.symbol)).toEqual(['ETH']);
    expect(assetsIn('转了1000U过来').map((a) => a.symbol)).toEqual(['USDT']);
    expect(assetsIn('两个比特币').map((a) => a.symbol)).toEqual(['BTC']);
    expect(assetsIn('以太坊和泰达币').map((a) => a.symbol).sort()).toEqual(['ETH', 'USDT']);
    expect(assetsIn('please help me with my account')).toEqual([]);
  });

  it('finds networks by standard, chain name, explorer and address', () => {
    expect(networksIn('via TRC-20')).toEqual(['TRC20']);
    expect(networksIn('走的波场')).toEqual(['Tron']);
    expect(networksIn('BEP20 (BSC)')).toEqual(['BEP20']);
    expect(networksIn('etherscan shows it')).toEqual(['Ethereum']);
    expect(networksIn('to TJYeasTPa6gpEEfYCp2jM9pHPeqzMNHmxk')).toEqual(['Tron']);
    expect(networkKnown('sent 0.1 BTC', [])).toBe(true);
    expect(networkKnown('sent 100 USDT', [])).toBe(false);
    expect(networkKnown('sent 100 USDT', ['tron'])).toBe(true);
    expect(networkKnown('sent 100 USDT', ['evm'])).toBe(false);
    expect(networkKnown('sent 100 USDT', ['unknown'])).toBe(false);
  });

  it.each(['0.5 ETH', '1,000 usdt', '两万多U', '3500个 USDT', '$500', '5000元', 'USDT 200', '金额是300'])('finds an amount in "%s"', (text) => {
    expect(amountIn(text)).toBe(true);
  });

  it.each(['I have 2FA', 'version 2.5', 'it took 3 days', '第2次'])('finds no amount in "%s"', (text) => {
    expect(amountIn(text)).toBe(false);
  });

  it('finds transaction hashes in text and explorer links, not addresses', () => {
    expect(txHashIn(`hash 0x${HASH}`)).toBe(true);
    expect(txHashIn(`https://tronscan.org/#/transaction/${HASH}`)).toBe(true);
    expect(txHashIn('https://mempool.space/tx/abc123def456abc123def456abc123')).toBe(true);
    expect(txHashIn('to 0x52908400098527886E0F7030069857D2E4169EE7')).toBe(false);
  });
});

it('reads a huge unspaced mail quickly', () => {
  const start = performance.now();
  evidenceMissing(input({ category: 'transaction', subject: '被盗'.repeat(200), text: ['被盗没有了1A2bU个'.repeat(10_000), 'x@y '.repeat(10_000)] }));
  expect(performance.now() - start).toBeLessThan(5_000);
});

describe('the request paragraph', () => {
  it('is empty when nothing is missing', () => {
    expect(evidenceRequestText('en', [])).toBe('');
    expect(evidenceRequestText('zh-CN', [])).toBe('');
  });

  it('names exactly the missing items, in checklist order, in English', () => {
    const text = evidenceRequestText('en', ['tx_hash', 'network']);
    expect(text).toBe(
      'So that we can help you sooner, please reply to this mail with: the network used, such as TRC20, ERC20 or BEP20; the transaction hash (TxID), or a screenshot of the transaction record.',
    );
    expect(text).not.toMatch(/amount|asset|subject/i);
  });

  it('names exactly the missing items in Chinese', () => {
    const text = evidenceRequestText('zh-CN', ['time', 'amount']);
    expect(text).toBe('为了尽快处理您的问题，请直接回复本邮件补充：发生的时间（日期和具体时间）；涉及的金额或数量。');
    expect(text).not.toMatch(/网络|哈希|截图/);
  });

  it('has a phrase for every item in both languages', () => {
    for (const item of EVIDENCE_ITEMS) {
      expect(evidenceRequestText('en', [item]).length).toBeGreaterThan(60);
      expect(evidenceRequestText('zh-CN', [item]).length).toBeGreaterThan(20);
    }
  });
});
