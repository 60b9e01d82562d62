import { describe, expect, it } from 'vitest';
import { authoredText } from './authored-text.ts';
import { classifyMessage } from './classify-message.ts';
import { corpus, holdoutCorpus } from './corpus.ts';
import { detectLanguage } from '../detect-language.ts';

describe('triage accuracy on the labelled corpus', () => {
  const outcomes = corpus.map((m) => ({ m, t: classifyMessage(m) }));
  const share = (pred: (o: (typeof outcomes)[number]) => boolean) => outcomes.filter(pred).length / outcomes.length;

  it('holds at least 240 mails in both languages, some of them mixed', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(240);
    const zh = corpus.filter((m) => detectLanguage(m.subject, m.text) === 'zh-CN').length;
    expect(zh / corpus.length).toBeGreaterThan(0.35);
    expect(zh / corpus.length).toBeLessThan(0.65);
    const mixed = corpus.filter((m) => /\p{Script=Han}/u.test(m.text) && /\b[a-z]{4,}\b.*\b[a-z]{4,}\b/i.test(m.text));
    expect(mixed.length).toBeGreaterThanOrEqual(10);
  });

  it('gets the category right for at least 90% of mails', () => {
    expect(share((o) => o.t.category === o.m.category)).toBeGreaterThanOrEqual(0.9);
  });

  it('gets the priority right for at least 85% of mails', () => {
    expect(share((o) => o.t.priority === o.m.priority)).toBeGreaterThanOrEqual(0.85);
  });

  it('never misses a mail labelled urgent by more than one level', () => {
    const urgent = outcomes.filter((o) => o.m.priority === 'urgent');
    expect(urgent.filter((o) => o.t.priority === 'normal' || o.t.priority === 'low').map((o) => o.m.subject)).toEqual([]);
  });

  it('keeps a held-out batch that the rules were not tuned on', () => {
    expect(holdoutCorpus.length).toBeGreaterThanOrEqual(40);
    expect(holdoutCorpus.every((m) => corpus.includes(m))).toBe(true);
  });
});

describe('each category in both languages', () => {
  const cases: Array<[string, string, string, string]> = [
    ['account', 'Cannot sign in', 'Since this morning the app says my password is incorrect and I cannot sign in.', 'en'],
    ['account', '登录问题', '今天一直登录失败,提示密码错误,我没有改过密码。', 'zh'],
    ['security', 'Suspicious login', 'I got an alert about a login from an unknown device in Brazil. It was not me.', 'en'],
    ['security', '异常登录', '登录记录里有一条异地登录,地点在国外,我最近没出国。', 'zh'],
    ['transaction', 'Deposit missing', 'My deposit of 300 USDT via TRC20 two hours ago has not been credited.', 'en'],
    ['transaction', '充值没到账', '两个小时前充值了300 USDT,TRC20网络,到现在还没到账。', 'zh'],
    ['fees', 'Withdrawal fee', 'What is the fee for withdrawing ETH on the Arbitrum network?', 'en'],
    ['fees', '提币手续费', '请问提ETH走Arbitrum网络的手续费是多少?', 'zh'],
    ['personal_info', 'Change my phone number', 'Please update the phone number on my account, my old number is no longer in use.', 'en'],
    ['personal_info', '修改手机号', '我的手机号换了,麻烦帮我修改账户绑定的手机号。', 'zh'],
    ['restriction', 'Account restricted', 'My account shows "restricted" and I cannot withdraw. What do I need to provide?', 'en'],
    ['restriction', '账户受限', '我的账户显示受限,不能提币,需要提供什么材料?', 'zh'],
    ['other', 'Media partnership', 'We are a crypto media outlet and would like to propose a marketing partnership.', 'en'],
    ['other', '商务合作', '您好,我们是区块链媒体,想跟贵平台谈推广合作。', 'zh'],
  ];
  it.each(cases)('%s: %s', (category, subject, text) => {
    expect(classifyMessage({ subject, text }).category).toBe(category);
  });
});

describe('urgent security phrases', () => {
  it.each([
    ['Account stolen', 'My account was stolen, someone is logged in and my funds are moving.'],
    ['hacked', 'My account got hacked last night.'],
    ['Unauthorized withdrawal', 'There is an unauthorized withdrawal of 2 ETH from my wallet.'],
    ['账户被盗', '我的账户被盗了。'],
    ['盗号', '被盗号了,快帮我处理。'],
    ['未经授权', '账户出现一笔未经授权的提币。'],
    ['资产被转走', '我的资产被转走了,不是我操作的。'],
    ['help', 'Someone changed my email and password and withdrew everything.'],
  ])('"%s" is security and urgent', (subject, text) => {
    const t = classifyMessage({ subject, text });
    expect(t).toMatchObject({ category: 'security', priority: 'urgent' });
    expect(t.signals.some((s) => s.startsWith('priority:urgent:'))).toBe(true);
  });

  it('an account-stolen mail is security even when it talks mostly about the withdrawal', () => {
    const t = classifyMessage({
      subject: 'withdrawal of 1,200 USDT',
      text: 'A withdrawal of 1,200 USDT on TRC20 went out at 04:10 today, tx a1b2c3. I did not make this withdrawal. The deposit history looks normal.',
    });
    expect(t).toMatchObject({ category: 'security', priority: 'urgent' });
  });
});

describe('negations, fears and doubts', () => {
  it('"not hacked" does not make a mail urgent', () => {
    const t = classifyMessage({ subject: 'withdrawal', text: 'My account was not hacked, I made the withdrawal myself, but it has not arrived after 6 hours.' });
    expect(t).toMatchObject({ category: 'transaction', priority: 'high' });
    expect(t.signals).toContain('negated:security.takeover');
  });

  it('"没有被盗" does not make a mail urgent', () => {
    const t = classifyMessage({ subject: '提币', text: '账户没有被盗,提币是我自己操作的,但是到现在还没到账。' });
    expect(t.priority).not.toBe('urgent');
    expect(t.category).toBe('transaction');
  });

  it('asking how to prevent theft is a low-priority security question', () => {
    expect(classifyMessage({ subject: '防盗', text: '请问如何防止账户被盗?' })).toMatchObject({ category: 'security', priority: 'low' });
    expect(classifyMessage({ subject: 'question', text: 'If my account gets hacked, can you recover the funds?' })).toMatchObject({
      category: 'security',
      priority: 'low',
    });
  });

  it('a takeover the customer only suspects is high, not urgent', () => {
    const t = classifyMessage({ subject: 'hacked?', text: 'Not sure if my account was hacked, I see a login I do not remember.' });
    expect(t).toMatchObject({ category: 'security', priority: 'high' });
  });

  it('a stolen phone is a lost 2FA device, not a stolen account', () => {
    const t = classifyMessage({ subject: 'phone stolen', text: 'My phone was stolen with Google Authenticator on it and I cannot pass 2FA now.' });
    expect(t).toMatchObject({ category: 'security', priority: 'high' });
  });
});

describe('quoted replies, forwards and signatures', () => {
  const ack = [
    '> Hello,',
    '> We have received your message. If your account was hacked or you see an unauthorized withdrawal, change your password.',
    '> Our support will never ask for your recovery phrase.',
  ].join('\n');

  it('"> " quoted lines do not count', () => {
    const t = classifyMessage({ subject: 'Re: fees', text: `What is the fee to withdraw BTC?\n\n${ack}` });
    expect(t).toMatchObject({ category: 'fees', priority: 'low' });
    expect(t.signals).toContain('ignored:quoted');
  });

  it('an "On … wrote:" block does not count, even unmarked and wrapped over two lines', () => {
    const text = [
      'Thanks. Where can I see the fee schedule?',
      '',
      'On Tue, Mar 12, 2024 at 4:31 AM Walletdesk Support <',
      'support@walletdesk.local> wrote:',
      'Your account was hacked and frozen. Unauthorized withdrawal detected.',
    ].join('\n');
    expect(classifyMessage({ subject: 'Re: question', text })).toMatchObject({ category: 'fees', priority: 'low' });
  });

  it('a "在 … 写道:" block does not count', () => {
    const text = ['请问手续费标准在哪里看?', '', '在 2024年3月12日 10:00,客服 <support@walletdesk.local> 写道:', '您的账户被盗,资产被转走,已被冻结。'].join('\n');
    expect(classifyMessage({ subject: '回复: 咨询', text })).toMatchObject({ category: 'fees', priority: 'low' });
  });

  it('an Outlook original-message header block does not count', () => {
    const text = ['How do I change my email address?', '', 'From: Support <support@walletdesk.local>', 'Sent: Monday', 'Subject: RE: hacked', '', 'Your account was stolen.'].join('\n');
    expect(classifyMessage({ subject: 'RE: question', text }).priority).toBe('low');
  });

  it('a legal disclaimer in the signature does not make the mail a security one', () => {
    const text = [
      'Hi, what is the withdrawal fee for USDT on TRC20?',
      '',
      'Best regards,',
      'Anna',
      'This e-mail is confidential and intended only for the addressee. Any unauthorized use is prohibited.',
    ].join('\n');
    const t = classifyMessage({ subject: 'USDT fee', text });
    expect(t).toMatchObject({ category: 'fees', priority: 'low' });
    expect(t.signals).toContain('ignored:signature');
  });

  it('a forwarded scam mail threatening suspension is a phishing question, not a restricted account', () => {
    const text = [
      'Is this really from you?',
      '',
      '---------- Forwarded message ---------',
      'From: Wallet Team <alert@wallet-check.example>',
      'Subject: Account suspended',
      '',
      'Your account has been suspended. Verify your seed phrase to restore access.',
    ].join('\n');
    const t = classifyMessage({ subject: 'Fwd: Account suspended', text });
    expect(t.category).toBe('security');
    expect(t.priority).toBe('normal');
  });

  it('a report laid out as "From: … To: …" is the customer\'s own text, not a quoted header', () => {
    const a = authoredText('From: my Binance account\nTo: TJYeasTPa6gpEEfYCp2jM9pHPeqzMNHmxk\nAmount: 500 USDT\nIt never arrived.');
    expect(a.own).toContain('It never arrived.');
    expect(a.dropped).toEqual([]);
  });

  it('authoredText keeps forwarded text apart and drops mobile footers', () => {
    const a = authoredText('See below.\nSent from my iPhone\n---------- Forwarded message ---------\nFrom: x\nSubject: y\nBody line');
    expect(a.own).toBe('See below.');
    expect(a.forwarded).toBe('Body line');
    expect(a.dropped).toContain('signature');
  });
});

describe('subject and priority rules', () => {
  it('weighs the subject more than a body that wanders', () => {
    const t = classifyMessage({
      subject: 'Change my email address',
      text: 'I also made a withdrawal last month and paid a fee, all fine. I just need the new email on the account.',
    });
    expect(t.category).toBe('personal_info');
  });

  it('spam is other and low', () => {
    expect(classifyMessage({ subject: 'SEO for your site', text: 'We offer professional SEO services and backlinks. Unsubscribe anytime.' })).toMatchObject({
      category: 'other',
      priority: 'low',
    });
    expect(classifyMessage({ subject: '兼职', text: '在家日赚500,加微信 abc123' })).toMatchObject({ category: 'other', priority: 'low' });
  });

  it('a stuck withdrawal and a restricted account are high; a fee complaint is normal; a how-to is low', () => {
    expect(classifyMessage({ subject: '提币', text: '提币一直显示处理中,已经10个小时了。' }).priority).toBe('high');
    expect(classifyMessage({ subject: 'frozen', text: 'My account is frozen and I cannot withdraw.' }).priority).toBe('high');
    expect(classifyMessage({ subject: 'fee', text: 'You charged me twice the fee on my last withdrawal, please refund.' }).priority).toBe('normal');
    expect(classifyMessage({ subject: '2FA', text: 'How do I turn on two-factor authentication?' }).priority).toBe('low');
  });

  it('reads phones\u2019 curly apostrophes and full-width input like plain ASCII', () => {
    expect(classifyMessage({ subject: 'login', text: 'I can\u2019t log in since yesterday.' })).toMatchObject({ category: 'account', priority: 'high' });
    expect(classifyMessage({ subject: 'USDT', text: '提币ＴＲＣ２０,到现在还没到账' }).priority).toBe('high');
  });

  it('an empty mail is other and low', () => {
    expect(classifyMessage({ subject: '', text: '' })).toMatchObject({ category: 'other', priority: 'low' });
  });

  it('survives hostile input quickly', () => {
    const start = performance.now();
    classifyMessage({ subject: 'a'.repeat(10_000), text: `${'被'.repeat(50_000)} ${'not '.repeat(20_000)} ${'x'.repeat(100_000)}` });
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
