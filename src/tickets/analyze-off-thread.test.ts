import { describe, expect, it } from 'vitest';
import { analyzeInbound } from './analyze-inbound.ts';
import { analyzeInboundOffThread, startAnalysisThread } from './analyze-off-thread.ts';
import type { InboundMessage } from './inbound-message.ts';

const message: InboundMessage = {
  channel: 'web',
  from: { address: 'li@customer.test', name: 'Li' },
  to: [],
  cc: [],
  subject: '账户被盗',
  text: '我的账户被盗了，昨晚 10 点有人转走了 500 USDT，地址 TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
  html: null,
  attachments: [],
  externalId: null,
  repliesTo: [],
  contentHash: 'h',
  rawId: null,
  noAutoReplyReason: null,
  automated: false,
  auth: null,
  unverifiedSender: true,
  attachmentTexts: [],
};

describe('reading a web message off the main thread', () => {
  it('gives the same analysis as reading it here, whether the thread has loaded yet or not', async () => {
    startAnalysisThread();
    const expected = analyzeInbound(message);
    expect(await analyzeInboundOffThread(message)).toEqual(expected);
    // Long enough for the thread to have loaded, so the second reading comes from it.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await analyzeInboundOffThread(message)).toEqual(expected);
    expect(expected).toMatchObject({ triage: { category: 'security', priority: 'urgent' }, locale: 'zh-CN', chainRefs: [{ kind: 'address', chain: 'tron' }] });
  }, 20_000);
});
