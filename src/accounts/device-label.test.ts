import { describe, expect, it } from 'vitest';
import { deviceLabel, productName } from './client-of-request.ts';

const chromeOn = (platform: string) => `Mozilla/5.0 (${platform}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36`;

describe('the device named in security mail', () => {
  it('names ordinary browsers and systems', () => {
    expect(deviceLabel(chromeOn('X11; Linux x86_64'))).toBe('Chrome 120 on Linux');
    expect(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1')).toBe('Mobile Safari 17 on iOS');
    expect(deviceLabel(null)).toBe('Unknown device');
  });

  it('takes from UAParser only parts that read as product names, since it copies some (a model) as the client wrote them', () => {
    for (const ok of ['Chrome', '120', 'Mac OS', 'SM-G975F', 'Android Browser', 'Mobile Safari']) expect(productName(ok)).toBe(ok);
    for (const hostile of ['URGENT unlock at https://evil.example', 'evil.example', 'a@b', 'www.x', '-leading', 'x'.repeat(33), '', undefined]) {
      expect(productName(hostile)).toBeUndefined();
    }
  });

  it('never carries text a client wrote into its user agent: links, domains, sentences', () => {
    for (const model of ['URGENT unlock at https://evil.example', 'visit evil.example now', 'call +1 555 0100 or mail a@b.example', 'x'.repeat(80)]) {
      const label = deviceLabel(`Mozilla/5.0 (Linux; U; ${model} Build/QQ) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Safari/537.36`);
      expect(label).not.toMatch(/evil|https|@|555|xxxxx/);
    }
  });
});
