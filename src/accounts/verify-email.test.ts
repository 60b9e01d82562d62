import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects, waitFor } from '../platform/testing/test-database.ts';
import { upsertContact } from '../tickets/contacts.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { CustomerBrowser, linkToken, signUpAndSignIn, uniqueEmail, waitForMail } from './testing/customer.ts';

describe.each(testDialects())('email verification (%s)', (dialect) => {
  let t: TestDesk;
  const db = () => t.desk.handle.db;

  beforeAll(async () => {
    t = await startTestDesk(dialect);
  });
  afterAll(async () => t?.stop());

  it('the mailed link verifies the address once and links the account to the contact that already wrote to us', async () => {
    const email = uniqueEmail();
    // The customer mailed support before having an account: the contact exists.
    const contact = { id: await upsertContact(db(), { address: email, name: '李伟' }) };
    const { browser, accountId } = await signUpAndSignIn(t, { email, locale: 'zh-CN' });
    const mail = await waitForMail(t, email, /请验证您的邮箱地址/);
    expect(mail.text).toContain('24 小时内有效');
    const token = linkToken(mail.text, 'verify');

    const anonymous = CustomerBrowser.of(t);
    const ok = await anonymous.request('POST', '/verify-email', { json: { token } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ email_verified: true });
    expect((await browser.request('GET', '/me')).body.email_verified).toBe(true);
    const account = await db().selectFrom('accounts').select(['contact_id', 'email_verified_at']).where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(account.contact_id).toBe(contact.id);

    const again = await anonymous.request('POST', '/verify-email', { json: { token } });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_token', message: 'this link is unknown, expired or already used' });
    expect((await browser.request('POST', '/verify-email/resend')).status).toBe(409);
  });

  it('an address nobody wrote from gets a new contact; the token is stored only hashed', async () => {
    const { accountId, email } = await signUpAndSignIn(t);
    const mail = await waitForMail(t, email, /Verify your email address/);
    const token = linkToken(mail.text, 'verify');
    expect(JSON.stringify(await db().selectFrom('account_tokens').selectAll().where('account_id', '=', accountId).execute())).not.toContain(token);
    expect((await CustomerBrowser.of(t).request('POST', '/verify-email', { json: { token } })).status).toBe(200);
    const contact = await db().selectFrom('contacts').select(['id', 'locale']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(contact.locale).toBe('en');
    expect((await db().selectFrom('accounts').select('contact_id').where('id', '=', accountId).executeTakeFirstOrThrow()).contact_id).toBe(contact.id);
  });

  it('tampered, malformed and expired tokens are refused and verify nothing', async () => {
    const { accountId, email } = await signUpAndSignIn(t);
    const token = linkToken((await waitForMail(t, email, /Verify your email address/)).text, 'verify');
    const b = CustomerBrowser.of(t);
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [tampered, 'short', '../../etc/passwd']) {
      expect((await b.request('POST', '/verify-email', { json: { token: bad } })).body.error).toBe('invalid_token');
    }
    expect((await b.request('POST', '/verify-email', { json: { token: 'x'.repeat(1000) } })).status).toBe(400);
    await db().updateTable('account_tokens').set({ expires_at: Date.now() - 1 }).where('account_id', '=', accountId).execute();
    expect((await b.request('POST', '/verify-email', { json: { token } })).body.error).toBe('invalid_token');
    expect((await db().selectFrom('accounts').select('email_verified_at').where('id', '=', accountId).executeTakeFirstOrThrow()).email_verified_at).toBeNull();
  });

  it('resend mails a new link and the earlier one stops working; it needs a session', async () => {
    const { browser, email } = await signUpAndSignIn(t);
    const first = linkToken((await waitForMail(t, email, /Verify your email address/)).text, 'verify');
    expect((await CustomerBrowser.of(t).request('POST', '/verify-email/resend')).status).toBe(401);
    expect((await browser.request('POST', '/verify-email/resend')).status).toBe(202);
    const second = await waitFor(async () => {
      const token = linkToken((await waitForMail(t, email, /Verify your email address/)).text, 'verify');
      return token !== first ? token : undefined;
    });
    const b = CustomerBrowser.of(t);
    expect((await b.request('POST', '/verify-email', { json: { token: first } })).status).toBe(400);
    expect((await b.request('POST', '/verify-email', { json: { token: second } })).status).toBe(200);
  });
});
