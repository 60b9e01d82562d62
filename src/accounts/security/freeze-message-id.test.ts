import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/connect.ts';
import { sha256Hex } from '../../platform/storage/blobs.ts';
import { estimateRandomBits } from '../../platform/testing/estimate-random-bits.ts';
import { testDialects } from '../../platform/testing/test-database.ts';
import type { InboundMessage } from '../../tickets/inbound-message.ts';
import { receiveMessage } from '../../tickets/intake.ts';
import { createAccountDirect } from '../testing/customer.ts';
import { fixtureSettings, useMigratedDatabase } from '../testing/account-fixture.ts';
import { freezeAccount, freezeMessageId } from './freeze-account.ts';

/** A mail claiming to come from the victim (nothing proves it), answering the ids it guessed. */
function guessingMail(from: string, n: number, guesses: string[]): InboundMessage {
  return {
    channel: 'mail',
    from: { address: from, name: null },
    to: [{ address: 'support@walletdesk.local', name: null }],
    cc: [],
    subject: 'Re: Account frozen: possible takeover',
    text: 'Please unfreeze my account and send the funds to my new address.',
    html: null,
    attachments: [],
    externalId: `<guess-${n}@attacker.test>`,
    repliesTo: guesses,
    contentHash: sha256Hex(`guess ${n}`),
    rawId: null,
    noAutoReplyReason: null,
    automated: false,
    auth: { spf: 'fail', dkim: 'none', dmarc: 'fail', arc: 'none' },
    unverifiedSender: true,
    attachmentTexts: [],
  };
}

describe.each(testDialects())('the Message-ID of a freeze ticket (%s)', (dialect) => {
  const test = useMigratedDatabase(dialect);
  let db: Db;
  beforeAll(() => {
    db = test.db;
  });

  it('2,000 guesses built from the account id and the time around the freeze join nothing', async () => {
    const email = 'frozen-victim@example.test';
    const id = (await createAccountDirect(db, { email, verified: true })).id;
    const before = Date.now();
    const frozen = await freezeAccount(db, fixtureSettings, id, { reason: 'freeze_link', revoke: 'all' });
    // The millisecond the freeze began and outwards from it, in 20 mails of 100 ids (threading reads 100).
    const times = Array.from({ length: 2000 }, (_, i) => before + (i % 2 === 0 ? i / 2 : -(i + 1) / 2));
    const guesses = times.map((t) => `<account-freeze.${id}.${t}@walletdesk.local>`);
    const { frozen_at: frozenAt } = await db.selectFrom('accounts').select('frozen_at').where('id', '=', id).executeTakeFirstOrThrow();
    // The old id (account id and time) is among the guesses: the attack would have found it.
    expect(times).toContain(frozenAt);
    for (let n = 0; n < 20; n++) {
      const result = await receiveMessage(db, fixtureSettings.tickets, guessingMail(email, n, guesses.slice(n * 100, n * 100 + 100)));
      expect(result.ticketId).not.toBe(frozen?.ticketId);
    }
    const onTicket = await db.selectFrom('messages').select('id').where('ticket_id', '=', frozen!.ticketId).execute();
    expect(onTicket).toHaveLength(1);
  });

  it('holds at least 128 bits no outsider can compute, and stays the same for the same freeze', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => freezeMessageId(fixtureSettings.tickets, 1 + (i % 7), 1_780_000_000_000 + i));
    expect(new Set(ids).size).toBe(ids.length);
    expect(estimateRandomBits(ids.map((m) => m.slice(1, m.indexOf('@'))))).toBeGreaterThanOrEqual(128);
    expect(ids.every((m) => !m.includes('1780000000'))).toBe(true);
    expect(freezeMessageId(fixtureSettings.tickets, 3, 1_780_000_000_123)).toBe(freezeMessageId(fixtureSettings.tickets, 3, 1_780_000_000_123));
  });
});
