import { describe, expect, it } from 'vitest';
import { analyzeInbound } from './analyze-inbound.ts';
import { findChainRefs } from './chain-refs/find-chain-refs.ts';
import { detectLanguage } from './detect-language.ts';
import { amountIn, assetsIn, descriptionWeight, networksIn, subjectSubstance, timesIn, txHashIn } from './evidence/detect-evidence.ts';
import { evidenceMissing } from './evidence/evidence-missing.ts';
import type { InboundMessage } from './inbound-message.ts';
import { authoredText } from './triage/authored-text.ts';
import { classifyMessage } from './triage/classify-message.ts';

/**
 * Every analysis that reads a customer's words, fed a megabyte shaped to make a backtracking pattern try every
 * position of a long run: digits, Chinese numerals, separators, amounts, whitespace, one endless line, deep
 * quoting. A quadratic pattern takes minutes on these (60 KB of digits once held the intake for over a minute);
 * a linear one with capped input takes milliseconds. The bound is generous so a busy machine never flakes.
 */
const MB = 1024 * 1024;
const BOUND_MS = 2_000;
const fill = (unit: string, size = MB) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const INPUTS: Record<string, string> = {
  'a run of digits': fill('1'),
  'digits then a lone letter': `${fill('1')}x`,
  'a run of 一二三': fill('一二三'),
  'a run of 十百千万': fill('十百千万'),
  'Chinese numerals and digits': fill('一1'),
  'repeated 1,': fill('1,'),
  'repeated 1.': fill('1.'),
  'repeated 1:': fill('1:'),
  'repeated 1/': fill('1/'),
  'repeated 1个': fill('1个'),
  'repeated 1点': fill('1点'),
  'repeated $1': fill('$1'),
  'mixed 100 USDT': fill('100 USDT '),
  'mixed 一百U': fill('一百U 三千个 '),
  'a digit then a megabyte of spaces': `1${fill(' ')}x`,
  'a numeral then a megabyte of spaces': `一${fill(' ')}x`,
  'hash then a megabyte of spaces': `hash${fill(' ')}:`,
  'amount of then whitespace': `amount of${fill(' \t')}x`,
  'long runs of mixed whitespace': fill(' \t\u3000\n'),
  'one very long line of words': fill('withdraw my funds not arrived '),
  'one token a megabyte long (hex)': fill('a'),
  'one token a megabyte long (base58)': fill('z'),
  'a link a megabyte long': `https://etherscan.io/tx/${fill('ab')}`,
  'deeply nested quoting on one line': `${fill('> ')}hacked`,
  'deeply nested quoting on every line': fill('> > > > > > > > > > my account was hacked\n'),
  'a wrapped reply header over every line': fill('On Mon, 1 Jan 2024 someone\n'),
  'quoted header lines': fill('From: a@b.c\nSent: today\n'),
  'a dash rule on every line': fill('--\n'),
  'repeated not hacked': fill('not hacked, '),
  'repeated 被盗': fill('没有被盗，'),
  'signature valedictions': fill('Thanks,\n'),
  'disclaimer words without end': fill('confidential '),
  'Han characters only': fill('我'),
  'ligatures that NFKC lengthens': fill('\ufdfa', MB / 4),
};

function message(text: string, subject = 'Withdrawal not received'): InboundMessage {
  return {
    channel: 'web',
    from: { address: 'customer@example.com', name: null },
    to: [],
    cc: [],
    subject,
    text,
    html: null,
    attachments: [],
    externalId: null,
    repliesTo: [],
    contentHash: 'x',
    rawId: null,
    noAutoReplyReason: null,
    automated: false,
    auth: null,
    unverifiedSender: true,
    attachmentTexts: [text],
  };
}

const ANALYSES: Record<string, (text: string) => unknown> = {
  'the evidence checklist (body)': (text) => evidenceMissing({ category: 'transaction', subject: 'Withdrawal', text: [text], attachments: [], chainRefs: [] }),
  'the evidence checklist (subject)': (text) => evidenceMissing({ category: 'transaction', subject: text, text: ['help'], attachments: [], chainRefs: [] }),
  'the evidence checklist (many follow-ups)': (text) =>
    evidenceMissing({ category: 'security', subject: 'hacked', text: Array.from({ length: 50 }, () => text.slice(0, 64 * 1024)), attachments: [], chainRefs: [] }),
  'each evidence recogniser': (text) => [timesIn(text), assetsIn(text), amountIn(text), networksIn(text), txHashIn(text), descriptionWeight(text), subjectSubstance(text)],
  'triage (body)': (text) => classifyMessage({ subject: 'Withdrawal', text }),
  'triage (subject)': (text) => classifyMessage({ subject: text, text: 'help' }),
  'the authored-text reader': (text) => authoredText(text),
  'chain references': (text) => findChainRefs(text),
  'language detection': (text) => detectLanguage(text, text),
  'the whole reading of a message': (text) => analyzeInbound(message(text, text)),
};

describe('analysis of customer text stays fast on pathological input of 1 MB', () => {
  for (const [analysis, run] of Object.entries(ANALYSES)) {
    describe(analysis, () => {
      for (const [shape, text] of Object.entries(INPUTS)) {
        it(`finishes ${shape} in under ${BOUND_MS} ms`, () => {
          const started = performance.now();
          run(text);
          expect(performance.now() - started).toBeLessThan(BOUND_MS);
        });
      }
    });
  }
});

describe('the caps keep what a real report says', () => {
  it('still finds a hash in the newest of many long follow-ups', () => {
    const padding = `${fill('The app is slow today. ', 30_000)}\n`;
    const hash = 'ab'.repeat(32);
    const text = [...Array.from({ length: 20 }, () => padding), `Here is the transaction hash: ${hash}`];
    expect(evidenceMissing({ category: 'transaction', subject: 'Withdrawal failed', text, attachments: [], chainRefs: [] })).not.toContain('tx_hash');
  });

  it('still reads amounts, times and assets written the ordinary way', () => {
    expect(amountIn('我昨天提现 100 USDT 失败了')).toBe(true);
    expect(amountIn('转了一千个U')).toBe(true);
    expect(amountIn('sent 1,250.50 usdc')).toBe(true);
    expect(amountIn('一共是3500个 eth')).toBe(true);
    expect(timesIn('三个多小时前')).toBe(true);
    expect(timesIn('已经 2 个小时')).toBe(true);
    expect(txHashIn(`hash : ${'a1'.repeat(20)}`)).toBe(true);
  });
});
