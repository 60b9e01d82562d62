import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { signUpAndSignIn } from './testing/customer.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(testDialects())('the account API gives times in ISO 8601, like the ticket API (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect);
  });
  afterAll(async () => t?.stop());

  it('sessions carry created_at_iso and last_seen_at_iso beside the deprecated epoch milliseconds', async () => {
    const { browser } = await signUpAndSignIn(t);
    const [session] = (await browser.request('GET', '/sessions')).body.items;
    expect(session.created_at_iso).toMatch(ISO);
    expect(session.last_seen_at_iso).toMatch(ISO);
    expect(session.created_at_iso).toBe(new Date(session.created_at).toISOString());
    expect(session.last_seen_at_iso).toBe(new Date(session.last_seen_at).toISOString());
  });

  it('sign-in attempts carry at_iso beside the deprecated epoch milliseconds', async () => {
    const { browser, email } = await signUpAndSignIn(t);
    await browser.signIn(email, 'a wrong password this time');
    const items = (await browser.request('GET', '/logins')).body.items;
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const item of items) {
      expect(item.at_iso).toMatch(ISO);
      expect(item.at_iso).toBe(new Date(item.at).toISOString());
    }
  });

  it('the OpenAPI document marks every epoch-millisecond field deprecated and names its ISO twin', async () => {
    const doc = (await t.api('/api/v1/openapi.json')).body;
    const item = (path: string) => doc.paths[`/api/v1/account${path}`].get.responses['200'].content['application/json'].schema.properties.items.items;
    for (const [path, fields] of [['/sessions', ['created_at', 'last_seen_at']], ['/logins', ['at']]] as const) {
      const schema = item(path);
      for (const field of fields) {
        expect(schema.properties[field], `${path} ${field}`).toMatchObject({ type: 'number', deprecated: true, description: expect.stringContaining(`${field}_iso`) });
        expect(schema.properties[`${field}_iso`], `${path} ${field}_iso`).toMatchObject({ type: 'string', format: 'date-time' });
        expect(schema.required).toContain(`${field}_iso`);
      }
    }
  });
});
