import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { putBlob } from '../platform/storage/blobs.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../platform/testing/test-database.ts';
import { analyzeInbound } from './analyze-inbound.ts';
import type { InboundAttachment, InboundMessage } from './inbound-message.ts';
import { receiveMessage } from './intake.ts';
import type { TicketSettings } from './settings.ts';
import { recordTicketEvidence } from './ticket-evidence.ts';

const settings: TicketSettings = { deskAddress: 'support@walletdesk.local', firstReplyHours: 24, ackLimitPerHour: 5, publicUrl: 'http://localhost', statusLinkSecret: 's'.repeat(32) };
const HASH = '8f1c3e0a9b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e';

let serial = 0;
function message(subject: string, text: string, attachments: Partial<InboundAttachment>[] = [], over: Partial<InboundMessage> = {}): InboundMessage {
  serial++;
  return {
    channel: 'mail',
    from: { address: `customer${serial}@example.com`, name: null },
    to: [],
    cc: [],
    subject,
    text,
    html: null,
    attachments: attachments.map((a) => ({ blobHash: '', filename: 'file.bin', contentType: 'application/octet-stream', size: 1, contentId: null, inline: false, detectedType: null, quarantineReason: null, ...a })),
    externalId: `<analyze-${serial}@example.com>`,
    repliesTo: [],
    contentHash: `hash-${serial}`,
    rawId: null,
    noAutoReplyReason: 'test',
    automated: false,
    auth: null,
    unverifiedSender: false,
    attachmentTexts: [],
    ...over,
  };
}

const CASES: InboundMessage[] = [
  message('Withdrawal not received', 'I withdrew 500 USDT yesterday at 14:00 and it has not arrived.'),
  message('提币没到账', `昨天下午3点提了500U到币安,哈希 ${HASH},用的波场网络。`),
  message('help', 'help!!'),
  message('Withdrawal stuck', 'My 0.2 ETH withdrawal is stuck since this morning.', [{ filename: 'record.png', contentType: 'image/png' }]),
  // A screenshot that was quarantined is not evidence the agent can open.
  message('Withdrawal stuck', 'My 0.2 ETH withdrawal is stuck since this morning.', [{ filename: 'record.png', contentType: 'image/png', quarantineReason: 'not an image' }]),
  message('', 'my account was hacked and all my USDT is gone, please freeze it'),
  message('Out of office', 'I am away until Monday.', [], { automated: true }),
  message('Fee question', 'What is the fee for USDT on TRC20?', [], { attachmentTexts: [`tx: 0x${'ab'.repeat(32)}`] }),
];

describe.each(testDialects())('reading a message ahead of the intake (%s)', (dialect) => {
  let database: TestDatabase;
  let handle: DbHandle;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    handle = openDatabase(database.url);
    await migrateToLatest(handle.db, handle.dialect);
  });
  afterEach(async () => {
    await handle.close();
    await database.drop();
  });

  it('the checklist it opens a ticket with is the one the ticket, read from the database, has', async () => {
    for (const msg of CASES) {
      for (const a of msg.attachments) a.blobHash = await putBlob(handle.db, Buffer.from(a.filename));
      const analysis = analyzeInbound(msg);
      const received = await receiveMessage(handle.db, settings, { ...msg, analysis });
      const stored = await handle.db.selectFrom('messages').select('evidence_missing_json').where('id', '=', received.messageId).executeTakeFirstOrThrow();
      expect(JSON.parse(stored.evidence_missing_json), msg.subject).toEqual(analysis.evidenceIfNew);
      // An automatic reply is not a report: it is left without a checklist, as the intake always did.
      if (msg.automated) {
        expect(analysis.evidenceIfNew).toEqual([]);
        continue;
      }
      const recomputed = await handle.db.transaction().execute((trx) => recordTicketEvidence(trx, received.ticketId, received.messageId));
      expect(recomputed, msg.subject).toEqual(analysis.evidenceIfNew);
    }
  });

  it('uses the analysis it is given: category, priority, language and chain references', async () => {
    const msg = message('hello', 'just saying hi');
    const given = { ...analyzeInbound(msg), triage: { category: 'security' as const, priority: 'urgent' as const }, locale: 'zh-CN' as const };
    const received = await receiveMessage(handle.db, settings, { ...msg, analysis: given });
    const ticket = await handle.db.selectFrom('tickets').select(['category', 'priority', 'locale']).where('id', '=', received.ticketId).executeTakeFirstOrThrow();
    expect(ticket).toEqual({ category: 'security', priority: 'urgent', locale: 'zh-CN' });
  });
});
