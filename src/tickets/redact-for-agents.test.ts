import { describe, expect, it } from 'vitest';
import { signStatusToken, statusUrl } from './status-link.ts';
import { LINK_MARKERS, PHRASE_MARKER, redactHtmlForAgents, redactTextForAgents } from './redact-for-agents.ts';

const PHRASE = '蓝色<海豚> & "42"=é';
const entityForms = (s: string) => [
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string),
  [...s].map((c) => `&#${c.codePointAt(0)};`).join(''),
  [...s].map((c) => `&#x${(c.codePointAt(0) as number).toString(16).toUpperCase()};`).join(''),
  s.replace(/ /g, '&nbsp;').replace(/&(?!nbsp;)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
];

describe('what agents see of a customer\'s secrets', () => {
  it('replaces the phrase in text, in any case and with any spacing', () => {
    const text = `Hi,\n> Your anti-phishing phrase: ${PHRASE}\nme: ${PHRASE.toUpperCase()} and 蓝色<海豚>  &\n"42"=é`;
    const out = redactTextForAgents(text, [PHRASE]);
    expect(out).not.toContain('海豚');
    expect(out.split(PHRASE_MARKER).length - 1).toBe(3);
  });

  it.each(entityForms(PHRASE))('replaces the phrase in HTML however its characters are spelled (%s)', (spelled) => {
    const out = redactHtmlForAgents(`<p>before ${spelled} after</p>`, [PHRASE]);
    expect(out).toBe(`<p>before ${PHRASE_MARKER} after</p>`);
  });

  it('names the phrase line of our banner even when the phrase has changed since, in both languages', () => {
    const text = 'Your anti-phishing phrase: an old phrase\n您的防钓鱼码：旧的短语\n您的防钓鱼码:旧的\nthe rest';
    expect(redactTextForAgents(text, ['new phrase'])).toBe(`Your anti-phishing phrase: ${PHRASE_MARKER}\n您的防钓鱼码： ${PHRASE_MARKER}\n您的防钓鱼码: ${PHRASE_MARKER}\nthe rest`);
  });

  it('replaces every kind of signed link we mail, on any public URL, in text and in HTML attributes', () => {
    const token = signStatusToken('s'.repeat(40), { ticketId: 12, contactId: 7 });
    const status = statusUrl('https://desk.wallet.example', token);
    const freeze = 'https://desk.wallet.example/account/freeze?token=eyJhIjoxfQ.' + 'A'.repeat(43);
    const reset = 'http://127.0.0.1:8080/account/reset?token=' + 'b'.repeat(43);
    const verify = 'https://x.example/base/account/verify?token=' + 'c'.repeat(43);
    const text = `状态：${status}。冻结：${freeze}\nreset ${reset} verify ${verify}\nbare ${token}`;
    const out = redactTextForAgents(text, []);
    expect(out).toBe(`状态：${LINK_MARKERS.status}。冻结：${LINK_MARKERS.freeze}\nreset ${LINK_MARKERS.reset} verify ${LINK_MARKERS.verify}\nbare ${LINK_MARKERS.status}`);
    const html = redactHtmlForAgents(`<a href="${status}">${status}</a> <a href='${freeze}&amp;x=1'>f</a>`, []);
    expect(html).toBe(`<a href="${LINK_MARKERS.status}">${LINK_MARKERS.status}</a> <a href='${LINK_MARKERS.freeze}'>f</a>`);
  });

  it('leaves the links agents need alone: explorers, help articles, our pages without a secret', () => {
    const text = 'https://etherscan.io/tx/0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 https://desk.example/articles/account-stolen https://desk.example/account/reset';
    expect(redactTextForAgents(text, [])).toBe(text);
  });

  it('takes linear time on hostile input (1 MB under 2 s)', () => {
    const hostile = [`${'蓝色<'.repeat(200_000)}`, `https://${'a'.repeat(1_000_000)}`, `${'&#'.repeat(500_000)}`, ' '.repeat(1_000_000)];
    for (const input of hostile) {
      const started = performance.now();
      redactHtmlForAgents(input, [PHRASE, 'a b c d']);
      redactTextForAgents(input, [PHRASE, 'a b c d']);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});
