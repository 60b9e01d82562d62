/**
 * SMTP memory benchmark: a real walletdesk in its own process on a fresh SQLite database, N large mails sent to it
 * at once, and the desk's resident memory sampled from /proc/PID/status throughout:
 *   baseline   VmRSS once the desk has started and settled
 *   peak       the highest VmRSS seen, or VmHWM if the kernel saw higher between samples
 *   after      VmRSS once every mail is stored and processed, and the desk has been idle a few seconds
 * each also as a ratio to the baseline. Memory stays flat when the peak is a small multiple of the baseline and
 * "after" comes back near it, whatever the number and size of the mails.
 *
 *   npm run bench:smtp-memory -- [--mails 20] [--mb 24]
 *
 * Linux only (/proc).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { openDatabase } from '../src/platform/db/connect.ts';
import { DeskProcess } from '../src/platform/testing/desk-process.ts';
import { tempDir, waitFor } from '../src/platform/testing/test-database.ts';

const { values } = parseArgs({ options: { mails: { type: 'string', default: '20' }, mb: { type: 'string', default: '24' } } });
const MAILS = Number(values.mails);
const MAIL_BYTES = Number(values.mb) * 1_000_000;

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const dir = tempDir('walletdesk-smtp-memory-');
  const databaseUrl = `sqlite:${dir}/bench.sqlite`;
  const desk = await DeskProcess.start(
    {
      WALLETDESK_DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      // Large enough for the mails, with room for their headers.
      WALLETDESK_SMTP_MAX_BYTES: String(Math.max(26_214_400, MAIL_BYTES + 1_000_000)),
      WALLETDESK_SMTP_MAX_CONNECTIONS_PER_IP: String(Math.max(20, MAILS)),
      WALLETDESK_JOB_POLL_MS: '50',
      WALLETDESK_SECRET: 'smtp-memory-bench-secret-0123456789abcdef',
      // The bench signs in nobody: no SMS two-factor, so no gateway to configure.
      WALLETDESK_SMS_GATEWAY: 'none',
    },
    { timeoutMs: 60_000 },
  );
  const watcher = openDatabase(databaseUrl);
  try {
    // The reading threads load their parsers in the first seconds; the baseline is the desk at rest after that.
    await sleep(5_000);
    const pid = desk.pid;
    const baseline = statusKb(pid, 'VmRSS');
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, statusKb(pid, 'VmRSS'));
    }, 20);

    // Each mail a text part and one attachment whose base64 makes up the size: distinct bytes, so no dedupe helps.
    const attachmentBytes = Math.floor((MAIL_BYTES - 2_000) * 0.75);
    const mails = Array.from({ length: MAILS }, (_, i) => ({
      from: `customer${i}@example.com`,
      to: 'support@walletdesk.local',
      subject: `Screen recording ${i} of the failed withdrawal`,
      text: 'The recording of the failed withdrawal is attached.',
      attachments: [{ filename: `recording-${i}.mp4`, content: randomBytes(attachmentBytes), contentType: 'video/mp4' }],
    }));
    const started = Date.now();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: MAILS, maxMessages: 1 });
    const results = await Promise.allSettled(mails.map((m) => transport.sendMail(m)));
    transport.close();
    const accepted = results.filter((r) => r.status === 'fulfilled').length;
    const sentMs = Date.now() - started;
    await waitFor(async () => {
      const open = await watcher.db.selectFrom('inbound_raw').select('id').where('status', '=', 'pending').limit(1).execute();
      return open.length === 0;
    }, 600_000, 'every mail to be processed');
    const processedMs = Date.now() - started;
    await sleep(5_000);
    clearInterval(sampler);
    const after = statusKb(pid, 'VmRSS');
    peak = Math.max(peak, statusKb(pid, 'VmHWM'));
    const processed = await watcher.db.selectFrom('inbound_raw').select('status').execute();

    const ratio = (kb: number) => `${(kb / baseline).toFixed(2)}x`;
    console.log(`${MAILS} mails of ${values.mb} MB sent at once: ${accepted} accepted in ${(sentMs / 1000).toFixed(1)} s, all processed after ${(processedMs / 1000).toFixed(1)} s (${processed.filter((r) => r.status === 'processed').length} processed, ${processed.filter((r) => r.status === 'quarantined').length} quarantined)`);
    for (const r of results) if (r.status === 'rejected') console.log(`  refused: ${String((r.reason as Error).message)}`);
    console.log(`desk RSS  baseline ${mb(baseline)}   peak ${mb(peak)} (${ratio(peak)})   after ${mb(after)} (${ratio(after)})`);
  } finally {
    await watcher.close();
    await desk.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
