import { describe, expect, it } from 'vitest';
import { estimateRandomBits } from '../platform/testing/estimate-random-bits.ts';
import { newMessageId, OUR_MESSAGE_ID } from './compose-mail.ts';

const isOurMessageIdShape = (id: string) => new RegExp(`^${OUR_MESSAGE_ID.source}$`, 'i').test(id);

describe('Message-IDs of the mail we send', () => {
  const ids = Array.from({ length: 2000 }, () => newMessageId('support@walletdesk.local'));

  it('hold at least 128 random bits, with no fixed part inside the random token', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^<wd\.[^@<>\s]+@walletdesk\.local>$/);
    const tokens = ids.map((id) => id.slice('<wd.'.length, id.indexOf('@')));
    expect(estimateRandomBits(tokens)).toBeGreaterThanOrEqual(128);
  });

  it('are recognised as ours in delivery reports, as the older UUID-shaped ones still are', () => {
    expect(ids.every(isOurMessageIdShape)).toBe(true);
    expect(isOurMessageIdShape('<wd.0f8fad5b-d9cb-469f-a165-70867728950e@walletdesk.local>')).toBe(true);
    expect(isOurMessageIdShape('<alice-1@example.com>')).toBe(false);
  });
});
