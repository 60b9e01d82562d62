import { describe, expect, it } from 'vitest';
import { nameFitForMail } from './name-fit-for-mail.ts';

describe('nameFitForMail', () => {
  it('keeps names as people write them, in any script', () => {
    for (const name of ['Ana Lima', '李伟', 'Dr. Smith', 'J. R. R. Tolkien', "O'Brien-Núñez", 'Li <b>&$& Wei']) expect(nameFitForMail(name)).toBe(name);
  });

  it('refuses a display name that carries a link, an address or a domain', () => {
    for (const name of ['Click https://evil.example/now', 'visit www.evil', 'support@wallet.example', 'Unlock at evil.example', '请访问 wallet-unlock.com 解冻', 'hxxp://x.io', 'Security Team (secure-wallet.support)']) {
      expect(nameFitForMail(name), name).toBeNull();
    }
  });

  it('has nothing for an empty or missing name', () => {
    expect(nameFitForMail('  ')).toBeNull();
    expect(nameFitForMail(null)).toBeNull();
  });
});
