/**
 * IMAP import benchmark: N customer mails appended to a real Dovecot mailbox, then a walletdesk in this process
 * pointed at it with WALLETDESK_IMAP_URL; prints how fast the mailbox is imported (stored, each exactly once)
 * and how fast the imported mail becomes tickets.
 *
 *   node --import tsx bench/imap-import.ts [--messages 1000]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { TestDovecot } from '../src/platform/testing/dovecot.ts';
import { createTestDatabase, jobsSettled } from '../src/platform/testing/test-database.ts';
import { startDesk } from '../src/server.ts';
import { buildCorpus } from './ingest-corpus.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000' } } });
const count = Number(values.messages);
const cpus = os.cpus();
console.log(`machine: ${cpus.length} cores, ${cpus[0]?.model ?? 'unknown cpu'}, node ${process.version}`);

const dovecot = await TestDovecot.start();
const database = await createTestDatabase('sqlite');
try {
  const mails = await buildCorpus({ count, deskAddress: 'support@walletdesk.local', replyGap: 50 });
  const mua = await dovecot.client('bench');
  for (const mail of mails) await mua.append('INBOX', mail.raw);
  await mua.logout();
  console.log(`appended ${count} messages to Dovecot`);

  const config = loadConfig({
    WALLETDESK_DATA_DIR: database.dir,
    DATABASE_URL: database.url,
    WALLETDESK_HTTP_PORT: '0',
    WALLETDESK_SMTP_PORT: '0',
    WALLETDESK_IMAP_URL: dovecot.url('bench'),
    WALLETDESK_DNS_SERVERS: '127.0.0.1:9',
    WALLETDESK_LOG_LEVEL: 'silent',
    WALLETDESK_JOB_POLL_MS: '10',
    // The bench signs in nobody: no SMS two-factor, so no gateway to configure.
    WALLETDESK_SMS_GATEWAY: 'none',
  });
  const started = performance.now();
  const desk = await startDesk(config, createLogger('silent'));
  const db = desk.handle.db;
  for (;;) {
    const row = await db.selectFrom('imap_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(row.n) >= count) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const imported = performance.now();
  await jobsSettled(db, 600_000);
  const processed = performance.now();
  const raws = await db.selectFrom('inbound_raw').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await desk.stop();
  const rate = (ms: number) => ((count / ms) * 1000).toFixed(0);
  console.log(`imported (stored once each): ${Number(raws.n)} of ${count} in ${(imported - started).toFixed(0)} ms = ${rate(imported - started)} msg/s`);
  console.log(`imported and processed into tickets: ${(processed - started).toFixed(0)} ms = ${rate(processed - started)} msg/s`);
  console.log('(sender checks point at a closed local port, so every lookup fails fast: DNS is not measured here)');
} finally {
  await dovecot.stop();
  await database.drop();
}
