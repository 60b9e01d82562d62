/**
 * Triage accuracy on the labelled corpus: category and priority accuracy (overall, per language and for the
 * held-out batch written after the rules were last tuned; corpus.ts records how each batch first measured), a
 * confusion table of categories and of priorities, the mails it got wrong, and the mean time to classify one
 * message.
 *
 *   node --import tsx bench/triage-accuracy.ts [--misses] [--rounds 50]
 */
import { parseArgs } from 'node:util';
import { classifyMessage } from '../src/tickets/triage/classify-message.ts';
import { corpus, holdoutCorpus, type LabelledMail } from '../src/tickets/triage/corpus.ts';
import { detectLanguage } from '../src/tickets/detect-language.ts';
import { CATEGORIES, PRIORITIES } from '../src/tickets/triage/triage-labels.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { misses: { type: 'boolean', default: false }, rounds: { type: 'string', default: '50' } },
  strict: true,
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer (got ${values.rounds})`);

type Outcome = { mail: LabelledMail; category: string; priority: string };
const outcomes: Outcome[] = corpus.map((m) => ({ mail: m, ...classifyMessage(m) }));

const pct = (n: number, d: number) => (d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
function accuracy(label: string, set: Outcome[]) {
  const cat = set.filter((o) => o.category === o.mail.category).length;
  const pri = set.filter((o) => o.priority === o.mail.priority).length;
  console.log(`${label.padEnd(22)} n=${String(set.length).padStart(4)}  category ${pct(cat, set.length)}  priority ${pct(pri, set.length)}`);
}

const holdout = new Set(holdoutCorpus);
const hasHan = (m: LabelledMail) => /\p{Script=Han}/u.test(m.subject + m.text);
const hasLatinWords = (m: LabelledMail) => (`${m.subject} ${m.text}`.match(/\b[a-z]{3,}\b/gi)?.length ?? 0) >= 4;
console.log('Triage accuracy');
accuracy('all', outcomes);
accuracy('  held out', outcomes.filter((o) => holdout.has(o.mail)));
accuracy('  tuned on', outcomes.filter((o) => !holdout.has(o.mail)));
accuracy('  Chinese', outcomes.filter((o) => detectLanguage(o.mail.subject, o.mail.text) === 'zh-CN' && !hasLatinWords(o.mail)));
accuracy('  English', outcomes.filter((o) => !hasHan(o.mail)));
accuracy('  mixed', outcomes.filter((o) => hasHan(o.mail) && hasLatinWords(o.mail)));

function confusion(title: string, labels: readonly string[], actual: (o: Outcome) => string, predicted: (o: Outcome) => string) {
  const width = Math.max(...labels.map((l) => l.length), 6) + 1;
  console.log(`\n${title} (rows: label, columns: predicted)`);
  console.log(''.padEnd(width) + labels.map((l) => l.slice(0, width - 1).padStart(width)).join(''));
  for (const row of labels) {
    const cells = labels.map((col) => String(outcomes.filter((o) => actual(o) === row && predicted(o) === col).length).padStart(width));
    console.log(row.padEnd(width) + cells.join(''));
  }
}
confusion('Category confusion', CATEGORIES, (o) => o.mail.category, (o) => o.category);
confusion('Priority confusion', PRIORITIES, (o) => o.mail.priority, (o) => o.priority);

if (values.misses) {
  console.log('\nMisses');
  for (const o of outcomes) {
    if (o.category === o.mail.category && o.priority === o.mail.priority) continue;
    const flat = `${o.mail.subject} | ${o.mail.text}`.replace(/\s+/g, ' ').slice(0, 110);
    console.log(`${holdout.has(o.mail) ? 'H' : ' '} want ${o.mail.category}/${o.mail.priority} got ${o.category}/${o.priority}: ${flat}`);
  }
}

// Warm up so the timing measures steady state, not the JIT compiling the regexes.
for (const m of corpus) classifyMessage(m);
const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const m of corpus) classifyMessage(m);
const elapsedUs = Number(process.hrtime.bigint() - start) / 1000;
console.log(`\nMean classification time: ${(elapsedUs / (rounds * corpus.length)).toFixed(1)} µs per message (${rounds} rounds over ${corpus.length} mails)`);
