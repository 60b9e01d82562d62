import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/connect.ts';
import { testDialects } from '../../platform/testing/test-database.ts';
import { createAccountDirect } from '../testing/customer.ts';
import { fixtureSettings, insertLogin, insertSession, useMigratedDatabase } from '../testing/account-fixture.ts';
import { freezeAccount } from './freeze-account.ts';

describe.each(testDialects())('freezeAccount (%s)', (dialect) => {
  const test = useMigratedDatabase(dialect);
  let db: Db;
  beforeAll(() => {
    db = test.db;
  });

  const ticketsOf = (email: string) =>
    db.selectFrom('tickets').innerJoin('contacts', 'contacts.id', 'tickets.requester_id').select(['tickets.id', 'tickets.reference', 'tickets.category', 'tickets.priority', 'tickets.subject']).where('contacts.email', '=', email).execute();
  const messagesOf = (ticketId: number) => db.selectFrom('messages').select(['text', 'direction']).where('ticket_id', '=', ticketId).orderBy('id').execute();
  const sessionsOf = (accountId: number) => db.selectFrom('account_sessions').select('id').where('account_id', '=', accountId).execute();
  const mailsOf = (accountId: number) => db.selectFrom('account_mails').select(['kind', 'subject']).where('account_id', '=', accountId).execute();

  it('freezes, signs every session out, opens one urgent security ticket and mails the customer once', async () => {
    const id = (await createAccountDirect(db, { email: 'victim@example.test', verified: true })).id;
    await insertLogin(db, id, { at: Date.now() - 60_000, ip: '198.51.100.9', country: 'DE', city: 'Frankfurt am Main' });
    await insertSession(db, id, 'hash-a');
    await insertSession(db, id, 'hash-b');

    const first = await freezeAccount(db, fixtureSettings, id, { reason: 'freeze_link', revoke: 'all' });
    expect(first).toMatchObject({ newlyFrozen: true, sessionsRevoked: 2, ticketReference: expect.stringMatching(/^WD-/) });
    const account = await db.selectFrom('accounts').select(['frozen_at', 'frozen_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(account.frozen_at).toBeGreaterThan(0);
    expect(account.frozen_reason).toBe('freeze_link');
    expect(await sessionsOf(id)).toHaveLength(0);

    const tickets = await ticketsOf('victim@example.test');
    expect(tickets).toEqual([expect.objectContaining({ id: first?.ticketId, category: 'security', priority: 'urgent' })]);
    const [opening] = await messagesOf(first!.ticketId);
    expect(opening?.text).toContain(`account #${id} (victim@example.test)`);
    expect(opening?.text).toContain('198.51.100.9 (Frankfurt am Main, Germany)');
    // The frozen mail is the acknowledgement: no second, ticket-core acknowledgement.
    expect(await db.selectFrom('messages').select('id').where('ticket_id', '=', first!.ticketId).where('direction', '=', 'outbound').execute()).toHaveLength(0);
    expect(await mailsOf(id)).toEqual([{ kind: 'account_frozen', subject: `[${first?.ticketReference}] Your account is frozen` }]);

    // Again (a second click, another device): nothing new is opened or mailed.
    await insertSession(db, id, 'hash-c');
    const second = await freezeAccount(db, fixtureSettings, id, { reason: 'customer_request', revoke: 'all' });
    expect(second).toMatchObject({ newlyFrozen: false, sessionsRevoked: 1, ticketId: first?.ticketId });
    expect(await ticketsOf('victim@example.test')).toHaveLength(1);
    expect(await mailsOf(id)).toHaveLength(1);
    expect((await db.selectFrom('accounts').select('frozen_reason').where('id', '=', id).executeTakeFirstOrThrow()).frozen_reason).toBe('freeze_link');
  });

  it('revoke "others" keeps the asking session; a report is written into the ticket', async () => {
    const id = (await createAccountDirect(db, { email: 'reporter@example.test', locale: 'zh-CN', verified: true })).id;
    const keep = await insertSession(db, id, 'hash-keep');
    await insertSession(db, id, 'hash-thief');
    const result = await freezeAccount(db, fixtureSettings, id, {
      reason: 'stolen_report',
      revoke: 'others',
      keepSessionId: keep,
      report: { last_good_login: 'yesterday 9:00', not_me: '提币 0.5 BTC', details: '我没有做这笔提币' },
    });
    expect(result).toMatchObject({ sessionsRevoked: 1 });
    expect((await sessionsOf(id)).map((s) => s.id)).toEqual([keep]);
    const [ticket] = await ticketsOf('reporter@example.test');
    expect(ticket).toMatchObject({ priority: 'urgent', category: 'security', subject: '账户已冻结：可能被盗' });
    const [opening] = await messagesOf(ticket!.id);
    expect(opening?.text).toContain('最后一次本人登录：\nyesterday 9:00');
    expect(opening?.text).toContain('不是本人的操作：\n提币 0.5 BTC');
  });

  it('a report sent after the account was frozen by a link joins the same ticket', async () => {
    const id = (await createAccountDirect(db, { email: 'late@example.test', verified: true })).id;
    const frozen = await freezeAccount(db, fixtureSettings, id, { reason: 'freeze_link', revoke: 'all' });
    const reported = await freezeAccount(db, fixtureSettings, id, { reason: 'stolen_report', revoke: 'others', report: { details: 'They withdrew 2 ETH at 10:15.' } });
    expect(reported?.ticketId).toBe(frozen?.ticketId);
    expect(reported?.ticketReference).toBe(frozen?.ticketReference);
    const messages = await messagesOf(frozen!.ticketId);
    expect(messages.map((m) => m.text.includes('They withdrew 2 ETH at 10:15.'))).toEqual([false, true]);
    expect(await ticketsOf('late@example.test')).toHaveLength(1);
  });

  it('two freezes at once open one ticket and both answer with it', async () => {
    const id = (await createAccountDirect(db, { email: 'double@example.test', verified: true })).id;
    const [a, b] = await Promise.all([
      freezeAccount(db, fixtureSettings, id, { reason: 'freeze_link', revoke: 'all' }),
      freezeAccount(db, fixtureSettings, id, { reason: 'freeze_link', revoke: 'all' }),
    ]);
    expect(a?.ticketId).toBe(b?.ticketId);
    expect([a?.newlyFrozen, b?.newlyFrozen].sort()).toEqual([false, true]);
    expect(await ticketsOf('double@example.test')).toHaveLength(1);
    expect(await mailsOf(id)).toHaveLength(1);
  });

  it('an unknown account is answered with undefined and changes nothing', async () => {
    const before = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await freezeAccount(db, fixtureSettings, 999_999, { reason: 'freeze_link', revoke: 'all' })).toBeUndefined();
    const after = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
